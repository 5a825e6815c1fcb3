package org.genimage.detectors.onednn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.preprocess.CompiledPipeline;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.f3net.F3Net;
import org.genimage.detectors.f3net.F3NetNetwork;
import org.genimage.detectors.gramnet.GramNet;
import org.genimage.detectors.gramnet.GramNetwork;
import org.genimage.detectors.resnet.CnnSpot;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.spec.Spec;
import org.genimage.detectors.spec.SpecConfig;
import org.genimage.detectors.transformer.Deit;
import org.genimage.detectors.transformer.DeitConfig;
import org.genimage.detectors.transformer.Swin;
import org.genimage.detectors.transformer.SwinConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seven architectures of the paper at their full size (ResNet-50, CNNSpot, Spec's ResNet-34, F3Net's two
 * Xception streams at 299, GramNet at 512, DeiT-S, Swin-T): on a CPU {@code AUTO} runs each on a oneDNN plan, and
 * the plan's logits equal SameDiff's on the same graph within 2e-5 of the largest logit, with a different input on
 * every call and batches of 2, 1 and 2 (batch 1 on the single-sample plan, then the full one again); Spec and GramNet also at
 * batch 4, where oneDNN uses Winograd convolutions on AVX-512.
 */
class PaperArchitecturesOnThePlanTest {
  static Stream<Architecture> paperArchitectures() {
    return Stream.of(new ResNet(ResNetConfig.resnet50(Head.TWO_CLASS)), CnnSpot.architecture(),
        new Spec(SpecConfig.paper()), new F3Net(F3NetNetwork.paper()), new GramNet(GramNetwork.paper()),
        new Deit(DeitConfig.deitSmall(2)), new Swin(SwinConfig.swinTiny(2)));
  }

  @ParameterizedTest
  @MethodSource("paperArchitectures")
  void autoRunsThePlanAndItMatchesSameDiff(Architecture arch) throws InterruptedException {
    try (NetworkDetector d = planMatchesSameDiff(arch, 2)) {
      assertThat(d.engine()).isEqualTo(InferenceEngine.ONEDNN);
      assertSameOnAnotherThread(d, arch, 2);
    }
  }

  /** Compiled on this thread, run on another (as a pool of scoring threads does): the same logits. */
  private static void assertSameOnAnotherThread(NetworkDetector d, Architecture arch, int n)
      throws InterruptedException {
    CompiledPipeline p = arch.preprocessing().compile();
    float[] x = new float[n * p.channels() * p.height() * p.width()];
    java.util.Arrays.fill(x, 0.25f);
    float[] here = d.logitsOfPreprocessed(x, n);
    float[][] there = new float[1][];
    Thread t = new Thread(() -> there[0] = d.logitsOfPreprocessed(x, n));
    t.start();
    t.join();
    assertThat(there[0]).containsExactly(here);
  }

  /**
   * At batch 4 oneDNN runs Spec's and GramNet's 3x3 convolutions with Winograd's algorithm where it has the kernel
   * (AVX-512), whose rounding differs from direct convolution's: still within 2e-5 of SameDiff, also from a thread
   * other than the one that compiled the plan.
   */
  @ParameterizedTest
  @MethodSource("winogradArchitectures")
  void winogradConvolutionsMatchSameDiff(Architecture arch) throws InterruptedException {
    try (NetworkDetector d = planMatchesSameDiff(arch, 4)) {
      String kernels = d.engineDescription();
      if (kernels.contains("avx512_core")) {
        assertThat(kernels).contains("wino");
      }
      // Winograd's scratchpad must come with the plan: oneDNN's own is per thread, and on another thread than the
      // one that compiled the plan it was missing (the JVM crashed).
      assertSameOnAnotherThread(d, arch, 4);
    }
  }

  static Stream<Architecture> winogradArchitectures() {
    return Stream.of(new Spec(SpecConfig.paper()), new GramNet(GramNetwork.paper()));
  }

  /** A detector on the plan whose logits matched SameDiff's for batches of n, n - 1 and n; the caller closes it. */
  private static NetworkDetector planMatchesSameDiff(Architecture arch, int batch) {
    assumeThat(OneDnn.problem()).as("oneDNN loads on this platform").isEmpty();
    CompiledPipeline p = arch.preprocessing().compile();
    int sample = p.channels() * p.height() * p.width();
    SplittableRandom r = new SplittableRandom(17);
    NetworkDetector d = NetworkDetector.create(arch.family(), arch, arch.initialise(4), Map.of(),
        InferenceOptions.defaults().withBatchSize(batch).withEngine(InferenceEngine.AUTO));
    try {
      assertThat(d.engine()).as(d.engineDescription()).isEqualTo(InferenceEngine.ONEDNN);
      for (int n : List.of(batch, batch - 1, batch)) {
        float[] x = new float[n * sample];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) r.nextGaussian();
        }
        float[] got = d.logitsOfPreprocessed(x, n);
        long[] shape = d.channelsLast() ? new long[] {n, p.height(), p.width(), p.channels()}
            : new long[] {n, p.channels(), p.height(), p.width()};
        float[] want;
        try (INDArray in = Nd4j.create(x, shape, DataType.FLOAT)) {
          INDArray logits = d.run(in, NetworkDetector.LOGITS).get(NetworkDetector.LOGITS);
          want = logits.data().asFloat();
          logits.close();
        }
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < want.length; i++) {
          scale = Math.max(scale, Math.abs(want[i]));
          diff = Math.max(diff, Math.abs(got[i] - want[i]));
        }
        assertThat(got).hasSameSizeAs(want);
        assertThat(diff / scale).as("%s, batch %d", arch.displayName(), n).isLessThan(2e-5);
      }
      return d;
    } catch (RuntimeException | AssertionError e) {
      d.close();
      throw e;
    }
  }
}
