package org.genimage.detectors.onednn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.Loader;
import org.genimage.api.BadArgumentException;
import org.genimage.detectors.CosineNet;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceGraphBuilder;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.onednn.graph.InferenceExecutor;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The oneDNN plan against SameDiff running the same graph: ResNets with non-trivial batch norm (folded), both heads,
 * SameDiff in both layouts, full and partial batches; only optimised kernels (also with AVX2 only, where there is
 * no Winograd); a graph that exercises the unfused paths; and refusals.
 */
class ConvolutionNetworksOnThePlanTest {
  /** The platforms JavaCPP 1.5.7 publishes oneDNN natives for: there, failing to load is a failure, not a skip. */
  private static final Set<String> NATIVE_PLATFORMS = Set.of("linux-x86_64", "linux-arm64", "macosx-x86_64",
      "windows-x86_64");

  @BeforeAll
  static void needsOneDnn() {
    boolean expected = NATIVE_PLATFORMS.contains(Loader.getPlatform())
        && !Boolean.getBoolean("genimage.test.noOneDnn");
    if (expected) {
      assertThat(OneDnn.problem()).as("oneDNN must load on %s", Loader.getPlatform()).isEmpty();
    }
    assumeThat(OneDnn.problem()).as("oneDNN loads on this platform").isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"small, TWO_CLASS, true", "small, SINGLE_LOGIT, false", "resnet50, SINGLE_LOGIT, true",
      "resnet50, TWO_CLASS, false"})
  void resNetLogitsMatchSameDiff(String size, Head head, boolean nhwc) {
    ResNetConfig base = size.equals("small") ? ResNetConfig.small(head) : ResNetConfig.resnet50(head);
    // ResNet-50's full topology (every stage, projection and identity blocks) at 64 px keeps the test quick.
    ResNet arch = new ResNet(new ResNetConfig(base.name(), base.width(), base.blocks(), head,
        PreprocessingPipeline.imagenet(0, 64)));
    Map<String, NamedTensor> w = withRandomBatchNorm(arch.initialise(3), 11);
    int batch = 3;
    try (NetworkDetector ref = NetworkDetector.create("ref", arch, w, Map.of(),
        new InferenceOptions(batch, nhwc, InferenceEngine.SAMEDIFF));
        NetworkDetector fast = NetworkDetector.create("fast", arch, w, Map.of(),
            new InferenceOptions(batch, nhwc, InferenceEngine.ONEDNN))) {
      assertThat(ref.engine()).isEqualTo(InferenceEngine.SAMEDIFF);
      assertThat(fast.engine()).isEqualTo(InferenceEngine.ONEDNN);
      assertThat(fast.engineDescription()).startsWith("oneDNN ").contains("batch 3");
      // The plan reads NCHW whatever the option asked for SameDiff.
      assertThat(ref.channelsLast()).isEqualTo(nhwc);
      assertThat(fast.channelsLast()).isFalse();
      int call = 0;
      for (int n : new int[] {3, 2, 3}) {
        float[] input = random(batch * 3 * 64 * 64, 5 + call++);
        float[] want = ref.logitsOfPreprocessed(nhwc ? toNhwc(input, batch, 3, 64 * 64) : input, n);
        float[] got = fast.logitsOfPreprocessed(input, n);
        assertThat(got).hasSize(n * head.outputs());
        assertThat(maxRelativeDiff(got, want)).as("n=%d", n).isLessThan(2e-5);
      }
    }
  }

  /**
   * Every convolution of ResNet-50 must get an optimised kernel on this CPU: forcing the layout a kernel reads
   * made AVX2-only CPUs fall back to oneDNN's reference convolution (140x slower). The build runs this class a
   * second time with {@code ONEDNN_MAX_CPU_ISA=AVX2} (see the pom), so both kernel families are checked here, and
   * there the Winograd convolutions the plan asks for first must fall back to direct ones.
   */
  @Test
  void resNet50RunsOnlyOptimisedKernels() {
    ResNetConfig base = ResNetConfig.resnet50(Head.TWO_CLASS);
    ResNet arch = new ResNet(new ResNetConfig(base.name(), base.width(), base.blocks(), base.head(),
        PreprocessingPipeline.imagenet(0, 64)));
    try (InferenceExecutor e = InferenceExecutor.compile(NetworkDetector.inferenceBuilder(arch, arch.initialise(1),
        false), NetworkDetector.INPUT, NetworkDetector.LOGITS, 4)) {
      String isa = System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", "ALL");
      System.out.printf("ONEDNN_MAX_CPU_ISA=%s: %s%n", isa, e.description());
      assertThat(e.kernels().keySet()).allSatisfy(k -> assertThat(k).doesNotContain("ref:").doesNotStartWith("gemm"));
      assertThat(e.kernels().entrySet().stream().filter(k -> k.getKey().startsWith("convolution "))
          .mapToInt(Map.Entry::getValue).sum()).isEqualTo(53);
      if (isa.equalsIgnoreCase("AVX2")) {
        assertThat(e.kernels().keySet()).allSatisfy(k -> assertThat(k).doesNotContain("avx512"));
      }
      float[] x = random(4 * 3 * 64 * 64, 3);
      assertThat(e.run(x, 4)).hasSize(8).doesNotContain(Float.NaN);
    }
  }

  @Test
  void unfusedPathsMatchSameDiff() {
    // An op without a lowering is refused by name.
    SameDiff sd = SameDiff.create();
    SDVariable in = sd.placeHolder("input", DataType.FLOAT, -1, 4, 9, 9);
    Conv2DConfig c = Conv2DConfig.builder().kH(3).kW(3).sH(2).sW(2).pH(1).pW(1).dH(1).dW(1)
        .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
    SDVariable conv = sd.cnn().conv2d(in, sd.constant("w", rand(5, 3, 3, 4, 16)), c);
    sd.identity("logits", sd.math().cos(conv).mean(2, 3));
    assertThatThrownBy(() -> compile(sd, 2)).isInstanceOf(UnsupportedGraphException.class)
        .hasMessageContaining("'cos'");

    // conv -> (relu, add) so neither fusion applies, a second add reads a value still alive afterwards, a residual
    // block around an intermediate value, ReLU and bias adds in the 2-d head, NCHW input straight from the caller.
    SameDiff plain = SameDiff.create();
    SDVariable in3 = plain.placeHolder("input", DataType.FLOAT, -1, 4, 9, 9);
    SDVariable conv3 = plain.cnn().conv2d(in3, plain.constant("w", rand(5, 3, 3, 4, 16)), c);
    SDVariable r3 = plain.nn().relu(conv3, 0.0);
    SDVariable twice3 = r3.add(conv3).add(r3);
    // add(conv(x), x) with x dying at the add: the fused sum must not write into the convolution's own source.
    Conv2DConfig same = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(1).pW(1).dH(1).dW(1)
        .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
    SDVariable block = plain.nn().relu(plain.cnn().conv2d(twice3, plain.constant("w2", rand(10, 3, 3, 16, 16)), same)
        .add(twice3), 0.0);
    SDVariable hidden3 = plain.nn().relu(plain.mmul(block.mean(2, 3), plain.constant("fc1", rand(6, 16, 8)))
        .add(plain.constant("b1", rand(7, 8))), 0.0);
    plain.identity("logits", plain.mmul(hidden3, plain.constant("fc2", rand(8, 2, 8)), false, true, false)
        .add(plain.constant("b2", rand(9, 2))));
    float[] x = random(2 * 4 * 9 * 9, 1);
    INDArray expected;
    try (INDArray xa = Nd4j.create(x, new long[] {2, 4, 9, 9}, 'c')) {
      expected = plain.output(Map.of("input", xa), "logits").get("logits");
    }
    try (InferenceExecutor e = compile(plain, 2)) {
      assertThat(e.outputColumns()).isEqualTo(2);
      float[] got = e.run(x, 2);
      assertThat(maxRelativeDiff(got, expected.data().asFloat())).isLessThan(1e-5);
    }
  }

  @Test
  void refusesWhatNeitherPlanCanRunAndAutoFallsBack() {
    CosineNet arch = new CosineNet(new ResNet(ResNetConfig.small(Head.TWO_CLASS)));
    Map<String, NamedTensor> w = arch.initialise(1);
    assertThatThrownBy(() -> NetworkDetector.create("cos", arch, w, Map.of(),
        new InferenceOptions(2, false, InferenceEngine.ONEDNN)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("oneDNN plan cannot run")
        .hasMessageContaining("cos");
    try (NetworkDetector d = NetworkDetector.create("cos", arch, w, Map.of(),
        new InferenceOptions(2, false, InferenceEngine.AUTO))) {
      assertThat(d.engine()).isEqualTo(InferenceEngine.SAMEDIFF);
      assertThat(d.engineDescription()).startsWith("SameDiff (no oneDNN plan: ");
    }
  }

  @Test
  void checksArgumentsAndRefusesUseAfterClose() {
    ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
    InferenceExecutor e = InferenceExecutor.compile(NetworkDetector.inferenceBuilder(arch, arch.initialise(1),
        false), NetworkDetector.INPUT, NetworkDetector.LOGITS, 2);
    float[] x = new float[2 * 3 * 64 * 64];
    assertThatThrownBy(() -> e.run(x, 3)).isInstanceOf(BadArgumentException.class).hasMessageContaining("n");
    assertThatThrownBy(() -> e.run(new float[5], 1)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("length");
    assertThat(e.run(x, 1)).hasSize(2);
    e.close();
    e.close();
    assertThatThrownBy(() -> e.run(x, 1)).isInstanceOf(IllegalStateException.class);
  }

  /** Batch-norm statistics far from the identity, so folding them into the convolutions is exercised. */
  static Map<String, NamedTensor> withRandomBatchNorm(Map<String, NamedTensor> w, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, NamedTensor> out = new LinkedHashMap<>(w);
    for (NamedTensor t : w.values()) {
      String n = t.name();
      boolean bn = t.shape().length == 1 && !n.startsWith("fc");
      if (!bn) {
        continue;
      }
      float[] d = t.data().clone();
      for (int i = 0; i < d.length; i++) {
        if (n.endsWith("running_var")) {
          d[i] = (float) (0.5 + r.nextDouble());
        } else if (n.endsWith("weight")) {
          d[i] = (float) (0.6 + 0.5 * r.nextDouble());
        } else {
          d[i] = (float) (0.2 * (r.nextDouble() - 0.5));
        }
      }
      out.put(n, NamedTensor.f32(n, t.shape(), d));
    }
    return out;
  }

  /** Compiles a hand-built graph with placeholder {@code input} and output {@code logits}. */
  private static InferenceExecutor compile(SameDiff graph, int batch) {
    return InferenceExecutor.compile(new InferenceGraphBuilder(graph, Map.of(), false), "input", "logits", batch);
  }

  /** {@code [n, c, hw]} to {@code [n, hw, c]}. */
  private static float[] toNhwc(float[] nchw, int n, int c, int hw) {
    float[] out = new float[nchw.length];
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        for (int p = 0; p < hw; p++) {
          out[(b * hw + p) * c + ch] = nchw[(b * c + ch) * hw + p];
        }
      }
    }
    return out;
  }

  private static INDArray rand(long seed, long... shape) {
    int count = 1;
    for (long s : shape) {
      count *= (int) s;
    }
    return Nd4j.create(random(count, seed), shape, 'c');
  }

  private static float[] random(int count, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = (float) (2 * r.nextDouble() - 1);
    }
    return v;
  }

  /** Max abs difference over the largest magnitude of the reference (deep random nets reach large values). */
  private static double maxRelativeDiff(float[] got, float[] want) {
    assertThat(got).hasSameSizeAs(want);
    double scale = 1e-6;
    double diff = 0;
    for (int i = 0; i < got.length; i++) {
      scale = Math.max(scale, Math.abs(want[i]));
      diff = Math.max(diff, Math.abs(got[i] - want[i]));
    }
    return diff / scale;
  }
}
