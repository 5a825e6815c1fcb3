package org.genimage.bench.detectors;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.Pointer;
import org.genimage.api.Dataset;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.memory.AllocationsTracker;
import org.nd4j.linalg.api.memory.enums.AllocationKind;

/**
 * Steady-state memory of a detector: scores {@code images} images (a pool of 64 simulated images, reused in
 * turn) in batches through one {@link NetworkDetector} and prints, every {@code every} images, the JVM heap in
 * use after a full GC, the process's resident set ({@code VmRSS} of {@code /proc/self/status}), JavaCPP's
 * tracked off-heap bytes ({@link Pointer#totalBytes()}) and ND4J's allocation tracker (general and workspace
 * bytes). A leak per batch shows as a figure that keeps growing; the last line prints the growth from the
 * second checkpoint (after warm-up) to the last.
 *
 * <p>Diagnosis: the column {@code freed_ids} is the size of the {@code freedArrays} id set of the detector's
 * SameDiff {@link InferenceSession}s (protected fields, read by reflection; -1 when they cannot be read). In
 * ND4J 1.0.0-M2.1 that set gains the ids of every array a forward pass frees and is never cleared, so it grows
 * by one entry per op output per call: the one per-batch heap growth this harness finds.
 *
 * <p>Usage: {@code java -cp genimage-bench/target/benchmarks.jar
 * org.genimage.bench.detectors.SteadyStateMemory [small|resnet50] [images=10000] [every=1000] [batch=8]}.
 */
public final class SteadyStateMemory {
  private SteadyStateMemory() {}

  /**
   * Runs the measurement.
   *
   * @param args model, image count, report interval, batch size (all optional)
   * @throws IOException if {@code /proc/self/status} cannot be read
   */
  public static void main(String[] args) throws IOException {
    String model = args.length > 0 ? args[0] : "small";
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int every = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    if (every % batch != 0) {
      throw new IllegalArgumentException("every (" + every + ") must be a multiple of batch (" + batch + ")");
    }
    boolean small = model.equals("small");
    ResNet arch = new ResNet(small ? ResNetConfig.small(Head.TWO_CLASS) : ResNetConfig.resnet50(Head.TWO_CLASS));
    Dataset pool = SimulatedDatasetMaker.builder().seed(9).imageSize(small ? 64 : 256)
        .trainPerLabel(8).valPerLabel(0).build().dataset();
    List<RgbImage> loaded = new ArrayList<>();
    for (Sample s : pool.samples()) {
      loaded.add(pool.load(s));
    }
    System.out.printf("model %s, %d images in batches of %d, pool of %d distinct %dx%d images, OMP_NUM_THREADS=%s%n",
        model, images, batch, loaded.size(), loaded.get(0).width(), loaded.get(0).height(),
        System.getenv("OMP_NUM_THREADS"));
    System.out.println("images  heap_used_MB  rss_MB  javacpp_total_MB  javacpp_physical_MB  nd4j_general_MB"
        + "  nd4j_workspace_MB  freed_ids  seconds");
    double[] second = null;
    double[] last = null;
    long t0 = System.nanoTime();
    double checksum = 0;
    try (NetworkDetector d = NetworkDetector.create(model, arch, arch.initialise(0), Map.of(),
        InferenceOptions.defaults().withBatchSize(batch))) {
      List<RgbImage> chunk = new ArrayList<>(batch);
      int next = 0;
      for (int done = 0; done < images; ) {
        chunk.clear();
        for (int i = 0; i < batch && done + i < images; i++) {
          chunk.add(loaded.get(next));
          next = (next + 1) % loaded.size();
        }
        for (float v : d.scoreBatch(chunk)) {
          checksum += v;
        }
        done += chunk.size();
        if (done % every == 0 || done == images) {
          double[] row = sample();
          System.out.printf("%6d  %12.1f  %6.1f  %16.1f  %19.1f  %15.1f  %17.1f  %9d  %7.1f%n", done, row[0],
              row[1], row[2], row[3], row[4], row[5], freedIds(d), (System.nanoTime() - t0) / 1e9);
          if (second == null && done >= 2 * every) {
            second = row;
          }
          last = row;
        }
      }
    }
    if (second != null) {
      System.out.printf("growth from the second checkpoint to the last: heap %+.1f MB, rss %+.1f MB, javacpp %+.1f MB,"
          + " nd4j general %+.1f MB%n", last[0] - second[0], last[1] - second[1], last[2] - second[2],
          last[4] - second[4]);
    }
    System.out.printf("mean score %.4f%n", checksum / images);
  }

  /** The detector's SameDiff instance (a private field), or null where reflection is refused. */
  private static SameDiff sameDiff(NetworkDetector d) {
    try {
      Field f = NetworkDetector.class.getDeclaredField("sd");
      f.setAccessible(true);
      return (SameDiff) f.get(d);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Entries of every inference session's {@code freedArrays} set, or -1 if they cannot be read. */
  private static long freedIds(NetworkDetector d) {
    SameDiff sd = sameDiff(d);
    if (sd == null) {
      return -1;
    }
    try {
      Field f = InferenceSession.class.getDeclaredField("freedArrays");
      f.setAccessible(true);
      long n = 0;
      for (InferenceSession session : sd.getSessions().values()) {
        n += ((Set<?>) f.get(session)).size();
      }
      return n;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  private static double[] sample() throws IOException {
    System.gc();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    AllocationsTracker t = AllocationsTracker.getInstance();
    return new double[] {
        heap.getUsed() / 1e6,
        rssKb() / 1e3,
        Pointer.totalBytes() / 1e6,
        Pointer.physicalBytes() / 1e6,
        t.bytesOnDevice(AllocationKind.GENERAL, 0) / 1e6,
        t.bytesOnDevice(AllocationKind.WORKSPACE, 0) / 1e6,
    };
  }

  private static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
