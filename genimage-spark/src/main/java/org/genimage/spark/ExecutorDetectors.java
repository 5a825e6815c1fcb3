package org.genimage.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;

/**
 * The detectors open in one JVM (an executor, or the driver in local mode), keyed by the SHA-256 of
 * their file. A task borrows one for its partition and gives it back; a new one is loaded only when
 * every open copy is in use, so an executor with {@code k} task slots loads a detector at most
 * {@code k} times however many partitions it runs. A thread-safe detector is shared by all slots
 * and loaded once. Copies stay open until the JVM exits.
 */
final class ExecutorDetectors {
  private static final Map<String, Deque<Detector>> FREE = new ConcurrentHashMap<>();
  private static final Map<String, Detector> SHARED = new ConcurrentHashMap<>();
  private static final AtomicLong LOADS = new AtomicLong();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorDetectors::closeAll,
        "genimage-spark-close-detectors"));
  }

  private ExecutorDetectors() {}

  /**
   * Borrows a detector, loading it from the bytes if no copy is free.
   *
   * @param key the SHA-256 of the detector file
   * @param bytes the detector file's bytes (read only when a copy must be loaded)
   * @return an open detector; give it back with {@link #giveBack}
   */
  static Detector borrow(String key, Supplier<byte[]> bytes) {
    Detector shared = SHARED.get(key);
    if (shared != null) {
      return shared;
    }
    Detector d = FREE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).pollFirst();
    if (d != null) {
      return d;
    }
    d = load(key, bytes.get());
    if (d.info().threadSafe()) {
      Detector first = SHARED.putIfAbsent(key, d);
      if (first != null) {
        d.close();
        return first;
      }
    }
    return d;
  }

  /**
   * Returns a borrowed detector for the next task.
   *
   * @param key the key it was borrowed under
   * @param detector the detector
   */
  static void giveBack(String key, Detector detector) {
    if (SHARED.get(key) != detector) {
      FREE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).addFirst(detector);
    }
  }

  /**
   * How many times a detector was loaded in this JVM since it started.
   *
   * @return the number of loads
   */
  static long loads() {
    return LOADS.get();
  }

  private static Detector load(String key, byte[] bytes) {
    try {
      // Detectors.load reads a path: the bytes go to a private temp file, deleted once loaded.
      Path file = Files.createTempFile("genimage-spark-" + key.substring(0, 12) + "-", ".detector");
      try {
        Files.write(file, bytes);
        Detector d = Detectors.load(file);
        LOADS.incrementAndGet();
        return d;
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the broadcast detector to a temp file", e);
    }
  }

  private static void closeAll() {
    FREE.values().forEach(q -> q.forEach(ExecutorDetectors::closeQuietly));
    SHARED.values().forEach(ExecutorDetectors::closeQuietly);
  }

  private static void closeQuietly(Detector d) {
    try {
      d.close();
    } catch (RuntimeException e) {
      // The JVM is exiting; nothing useful can be done with a failure to free native memory.
    }
  }
}
