package org.genimage.bench.detectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;

/**
 * How scoring scales with threads that share one loaded model: the forward pass of a paper-size architecture
 * (random weights, preprocessed random input) called from k Java threads at once on one {@link NetworkDetector},
 * each call limited to {@code perCall} native threads, against one thread whose calls use every core. Prints one
 * line per setting and the ratio of k threads to one at one native thread per call (the issue's goal: 2 threads
 * on 2 cores at least 1.7x one). Settings as system properties: {@code model} ({@link ModelForward#MODELS},
 * resnet50), {@code batch} (1), {@code seconds} per setting (8), {@code threads} (the largest k, 2).
 */
public final class PredictorScaling {
  /** Process CPU time over wall time of the last {@link #imagesPerSecond} window: the cores the setting used. */
  private static double lastCpuPerWall;

  private PredictorScaling() {}

  private static double imagesPerSecond(NetworkDetector d, int threads, int batch, int sample, double seconds)
      throws Exception {
    float[][] inputs = new float[threads][batch * sample];
    SplittableRandom r = new SplittableRandom(1);
    for (float[] x : inputs) {
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextGaussian();
      }
    }
    for (float[] x : inputs) {
      d.logitsOfPreprocessed(x, batch); // warm-up: every pooled session made and touched once
    }
    AtomicLong done = new AtomicLong();
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      float[] x = inputs[t];
      Thread w = new Thread(() -> {
        try {
          start.await();
          long end = System.nanoTime() + (long) (seconds * 1e9);
          while (System.nanoTime() < end) {
            d.logitsOfPreprocessed(x, batch);
            done.addAndGet(batch);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      w.start();
      workers.add(w);
    }
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean();
    start.await();
    long t0 = System.nanoTime();
    long cpu0 = os.getProcessCpuTime();
    for (Thread w : workers) {
      w.join();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    lastCpuPerWall = (os.getProcessCpuTime() - cpu0) / 1e9 / wall;
    return done.get() / wall;
  }

  /**
   * Runs the settings and prints the table.
   *
   * @param args ignored
   * @throws Exception if a worker fails
   */
  public static void main(String[] args) throws Exception {
    String model = System.getProperty("model", "resnet50");
    int batch = Integer.getInteger("batch", 1);
    double seconds = Double.parseDouble(System.getProperty("seconds", "8"));
    int maxThreads = Integer.getInteger("threads", 2);
    Architecture arch = ModelForward.architecture(model);
    int sample = arch.preprocessing().channels() * arch.preprocessing().height() * arch.preprocessing().width();
    var weights = arch.initialise(0);
    System.out.printf(Locale.ROOT, "# %s, batch %d, %.0f s per setting, cpu %s%n", model, batch, seconds,
        NativeInfo.cpu());
    double oneThread;
    try (NetworkDetector all = NetworkDetector.create(model, arch, weights, Map.of(),
        InferenceOptions.defaults().withBatchSize(batch))) {
      double v = imagesPerSecond(all, 1, batch, sample, seconds);
      System.out.printf(Locale.ROOT, "1 thread, native threads per call: all   %8.1f img/s  cpu/wall %.2f%n", v,
          lastCpuPerWall);
    }
    try (NetworkDetector one = NetworkDetector.create(model, arch, weights, Map.of(),
        InferenceOptions.defaults().withBatchSize(batch).withThreads(1))) {
      oneThread = imagesPerSecond(one, 1, batch, sample, seconds);
      System.out.printf(Locale.ROOT, "1 thread, native threads per call: 1     %8.1f img/s  cpu/wall %.2f%n",
          oneThread, lastCpuPerWall);
      for (int k = 2; k <= maxThreads; k++) {
        double v = imagesPerSecond(one, k, batch, sample, seconds);
        System.out.printf(Locale.ROOT, "%d threads, one model, 1 native each    %8.1f img/s  cpu/wall %.2f  (%.2fx one"
            + " thread)%n", k, v, lastCpuPerWall, v / oneThread);
      }
    }
  }
}
