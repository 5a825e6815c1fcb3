package org.genimage.bench.detectors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.genimage.api.Precision;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Architectures;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java side of {@code forward_peer.sh}: times the forward pass of one of the seven paper-size architectures
 * (random weights, already preprocessed random input, so like {@code model(x)} in PyTorch) through
 * {@link NetworkDetector#logitsOfPreprocessed} and prints one JSON line in the harness's format. Settings as system
 * properties: {@code model} (one of {@link #MODELS}), {@code batch} (8), {@code engine} ({@code auto},
 * {@code onednn} or {@code samediff}), {@code precision} ({@code fp32} or {@code bf16}: the oneDNN plan's; the row is
 * then {@code genimage-plan-bf16}), {@code warmup} (3), {@code iters} (10). Every timed call gets a different
 * input, as a detector in use does. Threads come from {@code OMP_NUM_THREADS}.
 */
public final class ModelForward {
  /** The architectures the harness knows, by the names the PyTorch peer uses. */
  public static final List<String> MODELS = List.of("resnet50", "cnnspot50", "spec", "f3net", "gramnet", "deit_s",
      "swin_t");

  private ModelForward() {}

  /**
   * The paper-size architecture of a harness name: any registered family's variant
   * ({@link Architectures#variants()}), so a new family is benchmarked without an edit here.
   *
   * @param model a variant name, e.g. one of {@link #MODELS}
   * @return the architecture
   */
  public static Architecture architecture(String model) {
    return Architectures.variant(model);
  }

  private static void time(List<Double> ms, int warmup, int iters, IntConsumer call) {
    for (int i = 0; i < warmup + iters; i++) {
      long t = System.nanoTime();
      call.accept(i);
      if (i >= warmup) {
        ms.add((System.nanoTime() - t) / 1e6);
      }
    }
  }

  /**
   * Runs the timing and prints the JSON line.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    String model = System.getProperty("model", "deit_s");
    int batch = Integer.getInteger("batch", 8);
    InferenceEngine engine = InferenceEngine.valueOf(System.getProperty("engine", "auto").toUpperCase(Locale.ROOT));
    Precision precision = Precision.parse("precision", System.getProperty("precision", "fp32"));
    int warmup = Integer.getInteger("warmup", 3);
    int iters = Integer.getInteger("iters", 10);
    Architecture arch = architecture(model);
    List<Double> ms = new ArrayList<>();
    String detail;
    InferenceEngine used;
    try (NetworkDetector d = NetworkDetector.create(model, arch, arch.initialise(0), Map.of(),
        InferenceOptions.defaults().withBatchSize(batch).withEngine(engine).withPrecision(precision))) {
      detail = d.engineDescription();
      used = d.engine();
      int sample = arch.preprocessing().channels() * arch.preprocessing().height() * arch.preprocessing().width();
      SplittableRandom r = new SplittableRandom(0);
      float[][] inputs = new float[2][batch * sample];
      for (float[] x : inputs) {
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) r.nextGaussian();
        }
      }
      time(ms, warmup, iters, i -> d.logitsOfPreprocessed(inputs[i % 2], batch));
    }
    Collections.sort(ms);
    double median = ms.size() % 2 == 1 ? ms.get(ms.size() / 2)
        : (ms.get(ms.size() / 2 - 1) + ms.get(ms.size() / 2)) / 2;
    System.out.printf("{\"model\": \"%s\", \"engine\": \"%s\", \"detail\": \"%s\", \"batch\": %d, \"threads\": \"%s\", "
        + "\"ms_per_batch\": %.2f, \"img_per_s\": %.3f, \"min_ms\": %.2f, \"iters\": %d, \"nd4j\": \"%s\", "
        + "\"cpu\": \"%s\"}%n",
        model, used != InferenceEngine.ONEDNN ? "genimage-samediff"
            : precision == Precision.FP32 ? "genimage-plan" : "genimage-plan-" + precision.label(),
        detail.replace("\"", "'"),
        batch, System.getenv().getOrDefault("OMP_NUM_THREADS", "default"), median, batch / (median / 1e3),
        ms.get(0), iters, Nd4j.class.getPackage().getImplementationVersion(), NativeInfo.cpu());
  }
}
