package org.genimage.detectors.onednn.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.engine;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Head;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.f3net.F3Net;
import org.genimage.detectors.f3net.F3NetNetwork;
import org.genimage.detectors.layers.ResNetBasic;
import org.genimage.detectors.gramnet.GramNet;
import org.genimage.detectors.gramnet.GramNetwork;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.spec.Spec;
import org.genimage.detectors.spec.SpecConfig;
import org.genimage.detectors.transformer.Deit;
import org.genimage.detectors.transformer.DeitConfig;
import org.genimage.detectors.transformer.Swin;
import org.genimage.detectors.transformer.SwinConfig;
import org.junit.jupiter.api.Test;

/** The training plan's loss, batch statistics and gradients equal SameDiff's on the same graph and batch. */
class TrainingPlanGradientTest {
  static void assertMatchesSameDiff(Architecture arch, int batch, double tolerance) {
    SameDiffReference ref = new SameDiffReference(arch, batch, 11);
    List<String> stats = new ArrayList<>(ref.g.bufferStatistics().values());
    Map<String, float[]> expected = ref.referenceGradients();
    List<String> outs = new ArrayList<>(List.of("loss"));
    outs.addAll(stats);
    Map<String, float[]> expectedOut = ref.referenceOutputs(outs);
    try (engine eng = new engine(engine.kind.cpu, 0);
        ParameterArena params = new ParameterArena(eng, ref.paramShapes());
        ParameterArena grads = new ParameterArena(eng, ref.paramShapes());
        TrainingPlan plan = TrainingPlan.compile(ref.g, new ArrayList<>(ref.feed.keySet()), "loss", stats, params,
            grads, eng, batch)) {
      for (String p : ref.params) {
        params.put(p, ref.weights.get(p).data());
      }
      ref.feed.forEach(plan::feed);
      plan.run();
      for (String o : outs) {
        assertThat(SameDiffReference.relativeError(plan.output(o), expectedOut.get(o), 1e-6)).as(o)
            .isLessThan(tolerance);
      }
      // Gradients a hundred times smaller than the largest are compared at that level: some are zero in theory
      // (a bias before a batch norm) and hold only the rounding noise of a sum over the batch.
      double floor = 1e-2 * SameDiffReference.largest(expected);
      for (String p : ref.params) {
        assertThat(SameDiffReference.relativeError(grads.get(p), expected.get(p), floor)).as("gradient of " + p)
            .isLessThan(tolerance);
      }
    }
  }

  @Test
  void smallResNetWithOneLogit() {
    assertMatchesSameDiff(new ResNet(new ResNetConfig("r", 8, new int[] {1, 1, 1, 1}, Head.SINGLE_LOGIT,
        PreprocessingPipeline.imagenet(0, 32))), 4, 5e-4);
  }

  @Test
  void smallResNetWithTwoClasses() {
    assertMatchesSameDiff(new ResNet(new ResNetConfig("r", 8, new int[] {2, 1, 1, 1}, Head.TWO_CLASS,
        PreprocessingPipeline.imagenet(0, 32))), 3, 5e-4);
  }

  @Test
  void smallDeitWithStochasticDepth() {
    assertMatchesSameDiff(new Deit(DeitConfig.of(32, 8, 24, 2, 3, 48, 2, 0.2)), 3, 5e-4);
  }

  @Test
  void smallSwinWithShiftedWindowsPatchMergingAndStochasticDepth() {
    assertMatchesSameDiff(new Swin(SwinConfig.of(32, 2, 16, List.of(2, 2), List.of(1, 2), 4, 2.0, 2, 0.3)), 2,
        5e-4);
  }

  @Test
  void smallSpec() {
    assertMatchesSameDiff(new Spec(new SpecConfig(40, 32, new ResNetBasic(8, new int[] {8, 16, 16, 32},
        new int[] {1, 1, 1, 1}))), 3, 5e-4);
  }

  /**
   * GramNet at 64 pixels also covers residual adds on 8 channels, which oneDNN lays out padded to blocks of 16:
   * computed in place there, oneDNN 2.5.2's binary primitive gave wrong values (the loss was 19% off).
   */
  @Test
  void smallGramNetWithDropout() {
    assertMatchesSameDiff(new GramNet(new GramNetwork(64, new ResNetBasic(8, new int[] {8, 16, 24, 32},
        new int[] {1, 1, 1, 1}), 8, 4, 8, 16, 0.5)), 2, 5e-4);
  }

  /**
   * At 67 pixels the second MixBlock's batch norm sees two values per channel (batch 2, 1x1), whose backward
   * divides by their difference: both implementations' rounding is amplified there (0.24% seen), hence 5e-3.
   */
  @Test
  void smallF3NetWithDepthwiseConvolutionsAndDropout() {
    assertMatchesSameDiff(new F3Net(new F3NetNetwork(67, new int[] {4, 8}, new int[] {8, 12, 16}, 1, 1, 20,
        new int[] {24, 32}, 10, 6, 0.2)), 2, 5e-3);
  }
}
