package org.genimage.bench.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Architectures;
import org.genimage.detectors.train.OptimizerConfig;
import org.genimage.detectors.train.TrainingBackend;
import org.genimage.detectors.train.TrainingSession;

/**
 * The Java side of {@code scripts/train_peer.sh}: times full-size training steps (forward, backward, optimiser
 * update) on a preprocessed random batch reused every step, as {@code train_peer.py} does in PyTorch, and prints
 * one JSON line with the median and best milliseconds per step, images per second and the peak resident set
 * ({@code VmHWM}). Settings as system properties: {@code model} ({@code resnet50} with SGD momentum 0.9 and weight
 * decay 1e-4; {@code deit_s} and {@code swin_t} with AdamW, weight decay 0.05; two classes), {@code batch} (8),
 * {@code warmup} (2), {@code steps} (4), {@code engine} ({@code onednn} or {@code samediff}), {@code profile}
 * ({@code true} prints milliseconds per step kind of the oneDNN plan, or per op of SameDiff, to stderr),
 * {@code rss} ({@code true} prints each step's time and resident set, to stderr). Threads come from
 * {@code OMP_NUM_THREADS}.
 */
public final class TrainStep {
  private TrainStep() {}

  /**
   * The network by its harness name.
   *
   * @param model a registered variant ({@link Architectures#variants()}), e.g. {@code resnet50}, {@code deit_s}
   *     or {@code swin_t}
   * @return the architecture
   */
  static Architecture architecture(String model) {
    return Architectures.variant(model);
  }

  /**
   * Runs the timing and prints the JSON line.
   *
   * @param args ignored
   * @throws IOException when /proc cannot be read
   */
  public static void main(String[] args) throws IOException {
    String model = System.getProperty("model", "resnet50");
    int batch = Integer.getInteger("batch", 8);
    int warmup = Integer.getInteger("warmup", 2);
    int steps = Integer.getInteger("steps", 4);
    TrainingBackend backend = TrainingBackend.valueOf(System.getProperty("engine", "onednn")
        .toUpperCase(Locale.ROOT));
    boolean profile = Boolean.getBoolean("profile");
    boolean rss = Boolean.getBoolean("rss");
    Architecture arch = architecture(model);
    OptimizerConfig opt = model.equals("resnet50") ? OptimizerConfig.sgd(0.01, 0.9, 1e-4)
        : OptimizerConfig.adamW(5e-4, 0.05);
    int size = arch.preprocessing().height();
    float[] x = new float[batch * 3 * size * size];
    SplittableRandom r = new SplittableRandom(0);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 4 - 2);
    }
    float[] y = new float[batch * 2];
    for (int i = 0; i < batch; i++) {
      y[i * 2 + i % 2] = 1f;
    }
    List<Double> ms = new ArrayList<>();
    long compile = System.nanoTime();
    String detail;
    try (TrainingSession s = TrainingSession.open(arch, arch.initialise(1), batch, opt, backend, 1)) {
      double compileMs = (System.nanoTime() - compile) / 1e6;
      detail = s.engine() + String.format(Locale.ROOT, ", set-up %.1f s", compileMs / 1e3);
      for (int i = 0; i < warmup + steps; i++) {
        if (profile && i == warmup) {
          s.profiling(true);
        }
        long t = System.nanoTime();
        s.step(x, y, batch, opt.learningRate());
        double stepMs = (System.nanoTime() - t) / 1e6;
        if (i >= warmup) {
          ms.add(stepMs);
        }
        if (rss) {
          System.err.printf(Locale.ROOT, "step %d: %.0f ms, VmRSS %.0f MB%n", i, stepMs, statusMb("VmRSS:"));
        }
      }
      if (profile) {
        printProfile(s.profile(), steps);
      }
    }
    List<Double> sorted = new ArrayList<>(ms);
    sorted.sort(Double::compare);
    double median = sorted.get(sorted.size() / 2);
    System.out.printf(Locale.ROOT, "{\"engine\": \"genimage-%s\", \"model\": \"%s\", \"batch\": %d, "
        + "\"ms_per_step\": %.1f, \"min_ms\": %.1f, \"img_s\": %.3f, \"peak_rss_mb\": %.0f, \"threads\": \"%s\", "
        + "\"detail\": \"%s\"}%n", backend.name().toLowerCase(Locale.ROOT), model, batch, median, sorted.get(0),
        batch * 1000.0 / median, statusMb("VmHWM:"), System.getenv().getOrDefault("OMP_NUM_THREADS", "default"),
        detail.replace("\"", "'"));
  }

  private static void printProfile(Map<String, long[]> profile, int steps) {
    List<Map.Entry<String, long[]>> rows = new ArrayList<>(profile.entrySet());
    rows.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
    long total = rows.stream().mapToLong(e -> e.getValue()[0]).sum();
    System.err.printf(Locale.ROOT, "%-52s %8s %10s %6s%n", "step kind", "calls", "ms/step", "share");
    for (Map.Entry<String, long[]> e : rows) {
      System.err.printf(Locale.ROOT, "%-52s %8d %10.1f %5.1f%%%n", e.getKey(), e.getValue()[1] / steps,
          e.getValue()[0] / 1e6 / steps, 100.0 * e.getValue()[0] / total);
    }
  }

  /**
   * A memory figure of this process from {@code /proc/self/status} ({@code VmRSS:}, {@code VmHWM:}, ...).
   *
   * @param key the line's key
   * @return megabytes, or -1 where the file or line is missing
   * @throws IOException when it cannot be read
   */
  static double statusMb(String key) throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return -1;
  }
}
