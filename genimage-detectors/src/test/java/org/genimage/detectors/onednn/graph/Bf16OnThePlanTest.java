package org.genimage.detectors.onednn.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.LoadOptions;
import org.genimage.api.Precision;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.preprocess.CompiledPipeline;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.transformer.Deit;
import org.genimage.detectors.transformer.DeitConfig;
import org.genimage.detectors.transformer.Swin;
import org.genimage.detectors.transformer.SwinConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bf16 plans against fp32 plans of the same weights: on a CPU with native bf16 kernels (AVX512_BF16 or AMX) the
 * convolutions and matrix products run them and the logits stay within {@value #TOLERANCE} of the largest fp32
 * logit; without them (the build runs this class again with {@code ONEDNN_MAX_CPU_ISA=AVX2}, see the pom) a bf16
 * plan says why and runs exactly the fp32 plan.
 */
class Bf16OnThePlanTest {
  /** bf16 keeps 8 significant bits (relative rounding 2^-9); a few layers of it stay well under 1%. */
  static final double TOLERANCE = 1e-2;

  @BeforeAll
  static void needsOneDnn() {
    assumeThat(OneDnn.problem()).as("oneDNN loads on this platform").isEmpty();
  }

  static Stream<Architecture> smallNetworks() {
    ResNetConfig resnet = ResNetConfig.small(Head.TWO_CLASS);
    return Stream.of(new ResNet(resnet), new Deit(DeitConfig.of(32, 8, 48, 2, 3, 96, 2, 0.1)),
        new Swin(SwinConfig.of(32, 2, 16, List.of(2, 2), List.of(1, 2), 4, 2.0, 2, 0.1)));
  }

  /** Whether this CPU (as oneDNN is capped) has native bf16 kernels. */
  private static boolean nativeBf16() {
    return NativeSupport.problem(Precision.BF16).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("smallNetworks")
  void bf16LogitsStayCloseToFp32(Architecture arch) {
    Map<String, NamedTensor> w = arch.initialise(7);
    CompiledPipeline p = arch.preprocessing().compile();
    int batch = 3;
    float[] x = InferencePlanTest.gaussian(batch * p.channels() * p.height() * p.width(), 11);
    try (InferenceExecutor fp32 = compile(arch, w, batch, Precision.FP32);
        InferenceExecutor bf16 = compile(arch, w, batch, Precision.BF16)) {
      assertThat(fp32.precision()).isEqualTo(Precision.FP32);
      float[] want = fp32.run(x, batch);
      float[] got = bf16.run(x, batch);
      if (!nativeBf16()) {
        assertThat(bf16.precision()).isEqualTo(Precision.FP32);
        assertThat(got).containsExactly(want);
        return;
      }
      assertThat(bf16.precision()).isEqualTo(Precision.BF16);
      assertThat(bf16.description()).contains(", bf16, ").doesNotContain("asked for");
      // Native bf16 kernels ran (their names carry the ISA), and the first and last layers stayed fp32.
      assertThat(bf16.kernels().keySet()).anySatisfy(k -> assertThat(k).matches(".*(avx512_core_bf16|amx).*"));
      assertThat(bf16.kernels().keySet()).anySatisfy(k -> assertThat(k).startsWith("matmul ")
          .doesNotContain("bf16").doesNotContain("amx"));
      assertThat(fp32.kernels().keySet()).noneSatisfy(k -> assertThat(k).contains("bf16"));
      double scale = 0;
      double diff = 0;
      for (int i = 0; i < want.length; i++) {
        scale = Math.max(scale, Math.abs(want[i]));
        diff = Math.max(diff, Math.abs(got[i] - want[i]));
      }
      System.out.printf("%s: bf16 vs fp32 max diff %.3g of max |logit| %.3g%n", arch.displayName(), diff, scale);
      assertThat(diff / scale).isLessThan(TOLERANCE);
      // bf16 rounding did happen: the logits are not the fp32 ones.
      assertThat(diff).isGreaterThan(0);
      // A partial batch (padded) and one image (a plan of its own) run in bf16 too.
      float[] one = bf16.run(x, 1);
      for (int i = 0; i < one.length; i++) {
        assertThat((double) Math.abs(one[i] - want[i])).isLessThan(TOLERANCE * scale);
      }
    }
  }

  /**
   * What decides bf16 agrees with the CPU: with oneDNN uncapped on Linux, native kernels exactly when the CPU
   * lists {@code avx512_bf16} or {@code amx_bf16}; capped to AVX2, never, with the ISA in the message.
   */
  @Test
  void bf16SupportFollowsTheCpuAndTheIsaCap() throws IOException {
    String cap = System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA",
        System.getenv().getOrDefault("DNNL_MAX_CPU_ISA", ""));
    if (cap.equalsIgnoreCase("AVX2")) {
      assertThat(NativeSupport.problem(Precision.BF16)).hasValueSatisfying(m -> assertThat(m).contains("avx2")
          .contains("AVX512_BF16"));
      return;
    }
    Path cpuinfo = Path.of("/proc/cpuinfo");
    assumeThat(cap).as("oneDNN not capped").isEmpty();
    assumeThat(Files.isReadable(cpuinfo)).as("Linux /proc/cpuinfo").isTrue();
    String flags = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("flags")).findFirst().orElse("");
    boolean listed = flags.contains(" avx512_bf16") || flags.contains(" amx_bf16");
    assertThat(NativeSupport.problem(Precision.BF16).isEmpty()).as("native bf16 vs cpuinfo flags").isEqualTo(listed);
  }

  /** Asking a detector for bf16 where the CPU cannot: a clear message in its engine description, fp32 logits. */
  @Test
  void aDetectorAskedForBf16SaysWhatRuns() {
    ResNet arch = new ResNet(ResNetConfig.small(Head.SINGLE_LOGIT));
    Map<String, NamedTensor> w = arch.initialise(3);
    CompiledPipeline p = arch.preprocessing().compile();
    float[] x = InferencePlanTest.gaussian(2 * p.channels() * p.height() * p.width(), 5);
    try (NetworkDetector fp32 = NetworkDetector.create("fp32", arch, w, Map.of(),
        new InferenceOptions(2, false, InferenceEngine.ONEDNN));
        NetworkDetector bf16 = NetworkDetector.create("bf16", arch, w, Map.of(),
            new InferenceOptions(2, false, InferenceEngine.ONEDNN).withPrecision(Precision.BF16))) {
      assertThat(fp32.engineDescription()).contains(", fp32, ");
      float[] want = fp32.logitsOfPreprocessed(x, 2);
      float[] got = bf16.logitsOfPreprocessed(x, 2);
      if (nativeBf16()) {
        assertThat(bf16.engineDescription()).contains(", bf16, ");
        assertThat(got).isNotEqualTo(want);
      } else {
        assertThat(bf16.engineDescription()).contains(", fp32 (bf16 was asked for but this CPU has no native bf16")
            .contains("running fp32");
        assertThat(got).containsExactly(want);
      }
    }
  }

  /** The load option reaches the plan through the provider: the loaded detector's engine says what runs. */
  @Test
  void loadOptionsCarryThePrecisionToThePlan(@TempDir Path dir) {
    ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
    Path f = dir.resolve("tiny.gidet");
    try (NetworkDetector d = NetworkDetector.create("tiny", arch, arch.initialise(1), Map.of(),
        InferenceOptions.defaults())) {
      d.save(f);
    }
    LoadOptions plan = LoadOptions.defaults().withEngine("onednn").withBatchSize(2);
    try (Detector fp32 = Detectors.load(f, plan);
        Detector bf16 = Detectors.load(f, plan.withPrecision(Precision.BF16))) {
      assertThat(fp32.info().engine()).contains(", fp32, ");
      assertThat(bf16.info().engine()).contains(nativeBf16() ? ", bf16, " : ", fp32 (bf16 was asked for but ");
    }
    try (Detector sameDiff = Detectors.load(f, plan.withEngine("samediff").withPrecision(Precision.BF16))) {
      assertThat(sameDiff.info().engine()).startsWith("SameDiff (requested)")
          .endsWith(", fp32 (bf16 runs on the oneDNN plan only)");
    }
  }

  private static InferenceExecutor compile(Architecture arch, Map<String, NamedTensor> w, int batch,
      Precision precision) {
    return InferenceExecutor.compile(NetworkDetector.inferenceBuilder(arch, w, false), NetworkDetector.INPUT,
        NetworkDetector.LOGITS, batch, precision);
  }
}
