package org.genimage.bench.detectors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.Precision;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.Int8Calibration;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.ValidationFit;
import org.genimage.detectors.onednn.graph.ActivationRanges;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java side of the PyTorch peer harness: times full ResNet-50 forward passes (random weights, BN folded,
 * preprocessed random input, so like {@code model(x)} in PyTorch) through
 * {@link NetworkDetector#logitsOfPreprocessed} and prints one JSON line like {@code resnet_peer.py}. Settings
 * as system properties: {@code batch} (8), {@code size} (224), {@code engine} ({@code onednn}, the default
 * engine, or {@code samediff}), {@code layout} (SameDiff's graph: {@code nhwc} or {@code nchw}; the oneDNN plan
 * always reads NCHW), {@code precision} ({@code fp32}; {@code bf16} for the oneDNN plan in bf16: the row
 * {@code genimage-onednn-nhwc-bf16}, the name issue 22 gave it; the plan picks its own layouts inside, blocked
 * ones for oneDNN 2.5.2's {@code jit_bf16} kernels on an AVX512_BF16 CPU; {@code int8}: the row
 * {@code genimage-onednn-nhwc-int8}, activation ranges collected untimed on two other random batches),
 * {@code warmup} (3),
 * {@code iters} (10). Threads come from {@code OMP_NUM_THREADS}, set by the harness script (oneDNN and ND4J
 * both read it).
 */
public final class ResNetForward {
  private ResNetForward() {}

  /**
   * Runs the timing and prints the JSON line.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    int batch = Integer.getInteger("batch", 8);
    int size = Integer.getInteger("size", 224);
    boolean nhwc = !"nchw".equals(System.getProperty("layout", "nhwc"));
    InferenceEngine engine = InferenceEngine.valueOf(System.getProperty("engine", "onednn").toUpperCase(
        java.util.Locale.ROOT));
    Precision precision = Precision.parse("precision", System.getProperty("precision", "fp32"));
    int warmup = Integer.getInteger("warmup", 3);
    int iters = Integer.getInteger("iters", 10);
    ResNetConfig base = ResNetConfig.resnet50(Head.TWO_CLASS);
    ResNet arch = new ResNet(new ResNetConfig(base.name(), base.width(), base.blocks(), base.head(),
        org.genimage.detectors.preprocess.PreprocessingPipeline.imagenet(0, size)));
    List<Double> ms = new ArrayList<>();
    String detail;
    double[] agreement = null;
    float[] x = uniform(batch * 3 * size * size, 0);
    try (NetworkDetector d = detector(arch, new InferenceOptions(batch, nhwc, engine).withPrecision(precision), x)) {
      detail = d.engineDescription();
      float[] logits = null;
      for (int i = 0; i < warmup + iters; i++) {
        long t = System.nanoTime();
        logits = d.logitsOfPreprocessed(x, batch);
        if (i >= warmup) {
          ms.add((System.nanoTime() - t) / 1e6);
        }
      }
      if (precision != Precision.FP32) {
        agreement = agreementWithFp32(arch, batch, x, logits);
      }
    }
    Collections.sort(ms);
    printJson(engine, nhwc, precision, detail, batch, size, ms, iters, agreement);
  }

  /**
   * The detector to time; for int8, with activation ranges collected on two batches of other random inputs (an
   * untimed calibration, like PyTorch's observers before {@code convert_fx}).
   */
  private static NetworkDetector detector(ResNet arch, InferenceOptions options, float[] x) {
    if (options.precision() != Precision.INT8) {
      return NetworkDetector.create("bench", arch, arch.initialise(0), Map.of(), options);
    }
    try (NetworkDetector fp32 = NetworkDetector.create("bench", arch, arch.initialise(0), Map.of(),
        options.withPrecision(Precision.FP32))) {
      int batch = options.batchSize();
      ActivationRanges ranges = fp32.activationRangesOfPreprocessed(
          List.of(uniform(x.length, 1), uniform(x.length, 2)), batch);
      return fp32.withInt8(new Int8Calibration(ranges, new ValidationFit("", 2 * batch)));
    }
  }

  /**
   * Max |logit - fp32 logit| over the largest |fp32 logit|, and the max itself, on the timed input (untimed): the
   * fp32 plan of the same weights is the reference.
   */
  private static double[] agreementWithFp32(ResNet arch, int batch, float[] x, float[] logits) {
    try (NetworkDetector fp32 = NetworkDetector.create("fp32", arch, arch.initialise(0), Map.of(),
        new InferenceOptions(batch, false, InferenceEngine.ONEDNN))) {
      float[] want = fp32.logitsOfPreprocessed(x, batch);
      double scale = 0;
      double diff = 0;
      for (int i = 0; i < want.length; i++) {
        scale = Math.max(scale, Math.abs(want[i]));
        diff = Math.max(diff, Math.abs(logits[i] - want[i]));
      }
      return new double[] {diff / scale, diff};
    }
  }

  private static float[] uniform(int n, long seed) {
    float[] x = new float[n];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextDouble();
    }
    return x;
  }

  private static void printJson(InferenceEngine engine, boolean nhwc, Precision precision, String detail, int batch,
      int size, List<Double> ms, int iters, double[] agreement) {
    double median = ms.size() % 2 == 1 ? ms.get(ms.size() / 2)
        : (ms.get(ms.size() / 2 - 1) + ms.get(ms.size() / 2)) / 2;
    String agrees = agreement == null ? "" : String.format(java.util.Locale.ROOT,
        ", \"rel_to_max\": %.4g, \"max_abs_diff\": %.4g", agreement[0], agreement[1]);
    System.out.printf("{\"engine\": \"%s\", \"detail\": \"%s\", \"batch\": %d, \"size\": %d, \"threads\": \"%s\", "
        + "\"ms_per_batch\": %.2f, \"img_per_s\": %.3f, \"min_ms\": %.2f, \"iters\": %d, \"nd4j\": \"%s\", "
        + "\"libnd4jcpu\": \"%s\", \"omp_proc_bind\": \"%s\", \"cpu\": \"%s\"%s}%n",
        engine != InferenceEngine.ONEDNN ? "dl4j-samediff-" + (nhwc ? "nhwc" : "nchw")
            : precision == Precision.FP32 ? "genimage-onednn" : "genimage-onednn-nhwc-" + precision.label(),
        detail, batch,
        size, System.getenv().getOrDefault("OMP_NUM_THREADS", "default"),
        median, batch / (median / 1e3), ms.get(0), iters, Nd4j.class.getPackage().getImplementationVersion(),
        NativeInfo.nd4jLibrary(), System.getenv().getOrDefault("OMP_PROC_BIND", "unset"), NativeInfo.cpu(),
        agrees);
  }
}
