package org.genimage.detectors.onednn.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.Preprocessor;
import org.genimage.detectors.SameDiffDetector;
import org.genimage.detectors.f3net.F3Net;
import org.genimage.detectors.f3net.F3NetNetwork;
import org.genimage.detectors.frequency.ResNetBasic;
import org.genimage.detectors.gramnet.GramNet;
import org.genimage.detectors.gramnet.GramNetwork;
import org.genimage.detectors.transformer.Deit;
import org.genimage.detectors.transformer.DeitConfig;
import org.genimage.detectors.transformer.Swin;
import org.genimage.detectors.transformer.SwinConfig;
import org.junit.jupiter.api.Test;

/**
 * The oneDNN plan scores what SameDiff scores: the architectures beyond plain convolution networks (transformers,
 * F3Net, GramNet) under {@code AUTO} within 2e-5 of the largest logit, a different input on every call and batches
 * of n, n - 1 and n (a plan for the smaller size, then the full one again).
 */
class InferencePlanTest {
  static void assertPlanMatchesSameDiff(Architecture arch, int n) {
    Map<String, org.genimage.detectors.weights.NamedTensor> w = arch.initialise(5);
    Preprocessor p = arch.preprocessor();
    int sample = p.channels() * p.height() * p.width();
    SplittableRandom r = new SplittableRandom(9);
    try (SameDiffDetector plan = SameDiffDetector.create("plan", arch, w, Map.of(), new InferenceOptions(n, false,
        InferenceEngine.AUTO));
        SameDiffDetector ref = SameDiffDetector.create("ref", arch, w, Map.of(), new InferenceOptions(n, false,
            InferenceEngine.SAMEDIFF))) {
      assertThat(plan.engineDescription()).startsWith("oneDNN ").contains(" inference plan, batch ");
      for (int size : List.of(n, n - 1, n)) {
        float[] x = new float[size * sample];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) (r.nextDouble() * 4 - 2);
        }
        float[] got = plan.logitsOfPreprocessed(x, size);
        float[] want = ref.logitsOfPreprocessed(x, size);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < want.length; i++) {
          scale = Math.max(scale, Math.abs(want[i]));
          diff = Math.max(diff, Math.abs(got[i] - want[i]));
        }
        assertThat(got).hasSameSizeAs(want);
        assertThat(diff / scale).as("batch " + size).isLessThan(2e-5);
      }
    }
  }

  @Test
  void keepsAtMostOnePlanBesideTheFullBatch() {
    Deit arch = new Deit(DeitConfig.of(32, 8, 24, 2, 3, 48, 2, 0.1));
    Preprocessor p = arch.preprocessor();
    int sample = p.channels() * p.height() * p.width();
    float[] x = new float[4 * sample];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    try (InferenceExecutor e = InferenceExecutor.compile(SameDiffDetector.inferenceBuilder(arch, arch.initialise(2),
        false), SameDiffDetector.INPUT, SameDiffDetector.LOGITS, 4)) {
      float[] full = e.run(x, 4);
      assertThat(e.otherBatch()).isZero();
      for (int n = 3; n >= 1; n--) {
        float[] part = e.run(x, n);
        assertThat(e.otherBatch()).isEqualTo(n);
        for (int i = 0; i < part.length; i++) {
          assertThat(part[i]).as("n=%d, logit %d", n, i).isCloseTo(full[i], within(2e-5f * Math.abs(full[i]) + 1e-6f));
        }
      }
      assertThat(e.run(x, 4)).containsExactly(full);
      assertThat(e.otherBatch()).isEqualTo(1);
    }
  }

  @Test
  void deit() {
    assertPlanMatchesSameDiff(new Deit(DeitConfig.of(32, 8, 24, 2, 3, 48, 2, 0.1)), 3);
  }

  @Test
  void swinWithShiftedWindowsAndPatchMerging() {
    assertPlanMatchesSameDiff(new Swin(SwinConfig.of(32, 2, 16, List.of(2, 2), List.of(1, 2), 4, 2.0, 2, 0.2)), 3);
  }

  @Test
  void gramNet() {
    assertPlanMatchesSameDiff(new GramNet(new GramNetwork(64, new ResNetBasic(8, new int[] {8, 16, 24, 32},
        new int[] {1, 1, 1, 1}), 8, 4, 8, 16, 0.5)), 3);
  }

  @Test
  void f3Net() {
    assertPlanMatchesSameDiff(new F3Net(new F3NetNetwork(67, new int[] {4, 8}, new int[] {8, 12, 16}, 1, 1, 20,
        new int[] {24, 32}, 10, 6, 0.2)), 3);
  }
}
