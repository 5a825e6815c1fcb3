package org.genimage.detectors.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.genimage.detectors.CosineNet;
import org.genimage.detectors.Head;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.junit.jupiter.api.Test;

class TrainingSessionTest {
  static final ResNet SMALL = new ResNet(new ResNetConfig("s", 8, new int[] {1, 1, 1, 1}, Head.TWO_CLASS,
      PreprocessingPipeline.imagenet(0, 32)));

  /** A batch whose two classes differ by a brightness offset: learnable in a few steps. */
  static float[][] batch(int n) {
    SplittableRandom r = new SplittableRandom(3);
    float[] x = new float[n * 3 * 32 * 32];
    float[] y = new float[n * 2];
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      y[i * 2 + label] = 1f;
      for (int j = 0; j < 3 * 32 * 32; j++) {
        x[i * 3 * 32 * 32 + j] = (float) (r.nextGaussian() + (label == 1 ? 0.8 : -0.8));
      }
    }
    return new float[][] {x, y};
  }

  @Test
  void stepsOnTheOneDnnPlanLowerTheLossAndAgreeWithSameDiffOnTheFirstStep() {
    float[][] b = batch(8);
    double first;
    double last = 0;
    try (TrainingSession s = TrainingSession.open(SMALL, SMALL.initialise(1), 8, OptimizerConfig.adam(1e-2),
        TrainingBackend.ONEDNN, 1)) {
      assertThat(s.engine()).startsWith("oneDNN");
      first = s.step(b[0], b[1], 8, 1e-2);
      for (int i = 0; i < 20; i++) {
        last = s.step(b[0], b[1], 8, 1e-2);
      }
      assertThat(s.batchStatistics()).containsKey("bn1.running_mean");
      assertThat(s.parameters().get("conv1.weight")).hasSize(8 * 3 * 7 * 7);
    }
    assertThat(last).isLessThan(first / 4);
    try (TrainingSession s = TrainingSession.open(SMALL, SMALL.initialise(1), 8, OptimizerConfig.adam(1e-2),
        TrainingBackend.SAMEDIFF, 1)) {
      assertThat(s.engine()).startsWith("SameDiff");
      assertThat(s.step(b[0], b[1], 8, 1e-2)).isCloseTo(first, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void aSmallerFinalBatchRunsOnItsOwnPlanWithTheSameParameters() {
    float[][] b = batch(8);
    try (TrainingSession s = TrainingSession.open(SMALL, SMALL.initialise(1), 8, OptimizerConfig.sgd(0.05, 0.9,
        1e-4), TrainingBackend.ONEDNN, 1)) {
      double full = s.step(b[0], b[1], 8, 0.05);
      double part = s.step(b[0], b[1], 5, 0.05);
      double again = s.step(b[0], b[1], 8, 0.05);
      assertThat(full).isFinite();
      assertThat(part).isFinite();
      assertThat(again).isLessThan(full);
    }
  }

  @Test
  void profilingCountsThePlansPrimitives() {
    float[][] b = batch(4);
    try (TrainingSession s = TrainingSession.open(SMALL, SMALL.initialise(1), 4, OptimizerConfig.adam(1e-3),
        TrainingBackend.AUTO, 1)) {
      s.profiling(true);
      s.step(b[0], b[1], 4, 1e-3);
      assertThat(s.profile()).containsKey("forward convolution").containsKey("backward convolution backward data");
      assertThat(s.profile().get("forward convolution")[1]).isEqualTo(SMALL.parameters().stream()
          .filter(p -> p.shape().length == 4).count());
      assertThat(s.kernels().keySet()).anyMatch(k -> k.startsWith("convolution backward weights"));
    }
  }

  @Test
  void anOpThePlanLacksFallsBackToSameDiffUnderAutoAndIsRefusedUnderOnednn() {
    CosineNet net = new CosineNet(SMALL);
    float[][] b = batch(4);
    try (TrainingSession s = TrainingSession.open(net, net.initialise(1), 4, OptimizerConfig.adam(1e-3),
        TrainingBackend.AUTO, 1)) {
      assertThat(s.engine()).startsWith("SameDiff").contains("no oneDNN training plan").contains("cos");
      assertThat(s.step(b[0], b[1], 4, 1e-3)).isFinite();
    }
    assertThatThrownBy(() -> TrainingSession.open(net, net.initialise(1), 4, OptimizerConfig.adam(1e-3),
        TrainingBackend.ONEDNN, 1)).isInstanceOf(BadArgumentException.class).hasMessageContaining("cos");
  }
}
