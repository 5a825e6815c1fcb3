package org.genimage.detectors.onednn.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.engine;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Head;
import org.genimage.detectors.Preprocessing;
import org.genimage.detectors.TrainingGraphBuilder;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
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
        assertThat(SameDiffReference.relativeError(plan.output(o), expectedOut.get(o))).as(o)
            .isLessThan(tolerance);
      }
      for (String p : ref.params) {
        assertThat(SameDiffReference.relativeError(grads.get(p), expected.get(p))).as("gradient of " + p)
            .isLessThan(tolerance);
      }
    }
  }

  @Test
  void smallResNetWithOneLogit() {
    assertMatchesSameDiff(new ResNet(new ResNetConfig("r", 8, new int[] {1, 1, 1, 1}, Head.SINGLE_LOGIT,
        Preprocessing.imagenet(0, 32))), 4, 5e-4);
  }

  @Test
  void smallResNetWithTwoClasses() {
    assertMatchesSameDiff(new ResNet(new ResNetConfig("r", 8, new int[] {2, 1, 1, 1}, Head.TWO_CLASS,
        Preprocessing.imagenet(0, 32))), 3, 5e-4);
  }
}
