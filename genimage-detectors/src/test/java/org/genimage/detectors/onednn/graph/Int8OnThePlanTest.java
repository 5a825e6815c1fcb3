package org.genimage.detectors.onednn.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Precision;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Head;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.preprocess.CompiledPipeline;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.transformer.Deit;
import org.genimage.detectors.transformer.DeitConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * int8 plans against fp32 plans of the same weights, with ranges collected on calibration batches: on a CPU with
 * VNNI (or AMX) the inner convolutions run int8 kernels and the logits stay within {@value #TOLERANCE} of the
 * largest fp32 logit; without them (the build runs this class again with {@code ONEDNN_MAX_CPU_ISA=AVX2}) an int8
 * plan says why and runs exactly the fp32 plan.
 */
class Int8OnThePlanTest {
  /** 8 bits per activation and weight over a few layers: a few percent of the largest logit at most. */
  static final double TOLERANCE = 5e-2;
  private static final int BATCH = 4;

  @BeforeAll
  static void needsOneDnn() {
    assumeThat(OneDnn.problem()).as("oneDNN loads on this platform").isEmpty();
  }

  private static boolean nativeInt8() {
    return NativeSupport.problem(Precision.INT8).isEmpty();
  }

  @Test
  void rangesCoverEveryInnerConvolutionAndReluOutputsAreNonNegative() {
    ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
    Map<String, NamedTensor> w = arch.initialise(7);
    ActivationRanges r = collect(arch, w);
    // The stem convolution reads the input and stays fp32: no range; the small ResNet's 4 stages of one
    // bottleneck each hold 3 + 1 (down-sampling) convolutions, each with an input and an output, and the third of
    // each block a residual addend.
    assertThat(r.ranges().keySet()).noneMatch(k -> k.startsWith("conv1."));
    assertThat(r.ranges().keySet().stream().filter(k -> k.endsWith("/" + ActivationRanges.OUTPUT))).hasSize(16);
    assertThat(r.ranges().keySet().stream().filter(k -> k.endsWith("/" + ActivationRanges.ADDEND))).hasSize(4);
    // Outputs with a fused ReLU never go below zero (u8); down-sampling outputs (no ReLU) do (s8).
    r.ranges().forEach((k, range) -> {
      if (k.contains("downsample") && k.endsWith("/" + ActivationRanges.OUTPUT)) {
        assertThat(range.min()).as(k).isNegative();
      } else if (k.endsWith("/" + ActivationRanges.OUTPUT)) {
        assertThat(range.min()).as(k).isGreaterThanOrEqualTo(0f);
      }
      assertThat(range.max()).as(k).isGreaterThan(range.min());
    });
  }

  @Test
  void int8LogitsStayCloseToFp32() {
    ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
    Map<String, NamedTensor> w = arch.initialise(7);
    ActivationRanges ranges = collect(arch, w);
    float[] x = InferencePlanTest.gaussian(BATCH * sampleSize(arch), 99);
    try (InferenceExecutor fp32 = compile(arch, w, Precision.FP32, null);
        InferenceExecutor int8 = compile(arch, w, Precision.INT8, ranges)) {
      float[] want = fp32.run(x, BATCH);
      float[] got = int8.run(x, BATCH);
      if (!nativeInt8()) {
        assertThat(int8.precision()).isEqualTo(Precision.FP32);
        assertThat(int8.description()).contains("int8 was asked for but this CPU has no native int8 kernels");
        assertThat(got).containsExactly(want);
        return;
      }
      assertThat(int8.precision()).isEqualTo(Precision.INT8);
      assertThat(int8.description()).contains(", int8, ");
      // VNNI kernels ran for the inner convolutions; the stem stayed on an fp32 kernel.
      assertThat(int8.kernels().keySet()).anySatisfy(k -> assertThat(k).startsWith("convolution ")
          .containsAnyOf("vnni", "amx"));
      assertThat(int8.kernels().keySet()).anySatisfy(k -> assertThat(k).startsWith("convolution ")
          .doesNotContain("vnni").doesNotContain("amx"));
      assertThat(fp32.kernels().keySet()).noneSatisfy(k -> assertThat(k).containsAnyOf("vnni", "int8"));
      double scale = 0;
      double diff = 0;
      for (int i = 0; i < want.length; i++) {
        scale = Math.max(scale, Math.abs(want[i]));
        diff = Math.max(diff, Math.abs(got[i] - want[i]));
      }
      System.out.printf("small ResNet: int8 vs fp32 max diff %.3g of max |logit| %.3g%n", diff, scale);
      assertThat(diff / scale).isLessThan(TOLERANCE);
      assertThat(diff).as("int8 rounding happened").isGreaterThan(0);
      float[] one = int8.run(x, 1);
      for (int i = 0; i < one.length; i++) {
        assertThat((double) Math.abs(one[i] - want[i])).isLessThan(TOLERANCE * scale);
      }
    }
  }

  @Test
  void aTransformerAskedForInt8SaysItRunsFp32() {
    Deit arch = new Deit(DeitConfig.of(32, 8, 48, 2, 3, 96, 2, 0.1));
    Map<String, NamedTensor> w = arch.initialise(3);
    ActivationRanges ranges = collect(arch, w);
    // Its only convolution (the patch embedding) reads the pixels: nothing to quantise.
    assertThat(ranges.size()).isZero();
    float[] x = InferencePlanTest.gaussian(BATCH * sampleSize(arch), 5);
    try (InferenceExecutor fp32 = compile(arch, w, Precision.FP32, null);
        InferenceExecutor int8 = compile(arch, w, Precision.INT8, ranges)) {
      assertThat(int8.precision()).isEqualTo(Precision.FP32);
      assertThat(int8.description()).contains(nativeInt8() ? "no convolution of this network has an int8 form"
          : "this CPU has no native int8 kernels");
      assertThat(int8.run(x, BATCH)).containsExactly(fp32.run(x, BATCH));
    }
  }

  @Test
  void int8WithoutRangesIsRefused() {
    ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
    assertThatThrownBy(() -> compile(arch, arch.initialise(1), Precision.INT8, null))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("activation ranges");
  }

  private static ActivationRanges collect(Architecture arch, Map<String, NamedTensor> w) {
    List<float[]> batches = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      batches.add(InferencePlanTest.gaussian(BATCH * sampleSize(arch), 100 + b));
    }
    return InferenceExecutor.collectRanges(NetworkDetector.inferenceBuilder(arch, w, false), NetworkDetector.INPUT,
        NetworkDetector.LOGITS, BATCH, batches);
  }

  private static int sampleSize(Architecture arch) {
    CompiledPipeline p = arch.preprocessing().compile();
    return p.channels() * p.height() * p.width();
  }

  private static InferenceExecutor compile(Architecture arch, Map<String, NamedTensor> w, Precision precision,
      ActivationRanges ranges) {
    return InferenceExecutor.compile(NetworkDetector.inferenceBuilder(arch, w, false), NetworkDetector.INPUT,
        NetworkDetector.LOGITS, BATCH, precision, ranges);
  }
}
