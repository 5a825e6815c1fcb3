package org.genimage.detectors.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.genimage.api.Dataset;
import org.genimage.api.Generator;
import org.genimage.api.ImageTransform;
import org.genimage.api.TrainingListener;
import org.genimage.dataset.Split;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.layers.FrequencyTestSupport;
import org.genimage.detectors.layers.LearningData;
import org.genimage.detectors.layers.ResNetBasic;
import org.genimage.detectors.train.LrSchedule;
import org.genimage.detectors.train.OptimizerConfig;
import org.genimage.detectors.train.SameDiffTrainer;
import org.genimage.detectors.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec trained only on real images and their simulated up-sampling versions (no generated image seen)
 * learns the simulated artifact and detects a different simulated generator better than chance; the
 * trained detector survives a save / {@code Detectors.load} round trip.
 */
class SpecLearningTest {
  static final Spec SMALL = new Spec(new SpecConfig(64, 64,
      new ResNetBasic(8, new int[] {8, 16, 16, 32}, new int[] {1, 1, 1, 1})));

  @Test
  void learnsSimulatedArtifactsAndTransfersToAnotherGenerator(@TempDir Path dir) {
    SimulatedDatasetMaker maker = LearningData.maker(64, 32);
    UpsamplingArtifactSimulator sim = UpsamplingArtifactSimulator.autoGan();
    Dataset train = LearningData.realsAndSimulated(maker, Generator.SD_V1_4, Split.TRAIN, sim);
    Dataset heldOut = LearningData.realsAndSimulated(maker, Generator.SD_V1_4, Split.VAL, sim);
    TrainerConfig cfg = new TrainerConfig(4, 16, OptimizerConfig.adam(1e-3), LrSchedule.constant(), 3, 0,
        null, false);
    try (NetworkDetector d = new SameDiffTrainer("spec-small", SMALL, cfg, ImageTransform.identity())
        .train(train, null, TrainingListener.NONE)) {
      double simAuc = LearningData.auc(d, heldOut);
      // BigGAN's simulated images carry a x2 up-sampling artifact of another kind (phase gains)
      Dataset other = maker.dataset(Generator.BIGGAN, Split.VAL);
      double otherAuc = LearningData.auc(d, other);
      System.out.printf("Spec: held-out simulated AUC %.3f, simulated BigGAN AUC %.3f%n", simAuc, otherAuc);
      assertThat(simAuc).isGreaterThanOrEqualTo(0.9);
      assertThat(otherAuc).isGreaterThan(0.6);
      FrequencyTestSupport.assertRoundTrip(d, dir,
          List.of(other.load(other.samples().get(0)), other.load(other.samples().get(1))));
    }
  }
}
