package org.genimage.detectors.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.genimage.api.Dataset;
import org.genimage.api.Generator;
import org.genimage.api.ImageTransform;
import org.genimage.api.TrainingListener;
import org.genimage.dataset.Split;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.detectors.frequency.FrequencyDetector;
import org.genimage.detectors.frequency.FrequencyTrainer;
import org.genimage.detectors.frequency.LearningData;
import org.genimage.detectors.frequency.ResNetBasic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec trained only on real images and their simulated up-sampling versions (no generated image seen)
 * learns the simulated artifact and detects a different simulated generator better than chance.
 */
class SpecLearningTest {
  static final Spec SMALL = new Spec(new SpecSpectrum(64, 64),
      new SpecNetwork(new ResNetBasic(8, new int[] {8, 16, 16, 32}, new int[] {1, 1, 1, 1})));

  @Test
  void learnsSimulatedArtifactsAndTransfersToAnotherGenerator(@TempDir Path dir) {
    SimulatedDatasetMaker maker = LearningData.maker(64, 32);
    UpsamplingArtifactSimulator sim = UpsamplingArtifactSimulator.autoGan();
    Dataset train = LearningData.realsAndSimulated(maker, Generator.SD_V1_4, Split.TRAIN, sim);
    Dataset heldOut = LearningData.realsAndSimulated(maker, Generator.SD_V1_4, Split.VAL, sim);
    FrequencyTrainer.Options opts = new FrequencyTrainer.Options(4, 16, FrequencyTrainer.Optimiser.ADAM,
        1e-3, 0, 1e-4, 3, ImageTransform.identity(), 6);
    try (FrequencyDetector d = new FrequencyTrainer(SMALL, opts).trainDetector(train,
        TrainingListener.NONE)) {
      double simAuc = LearningData.auc(d, heldOut);
      // BigGAN's simulated images carry a x2 up-sampling artifact of another kind (phase gains)
      double otherAuc = LearningData.auc(d, maker.dataset(Generator.BIGGAN, Split.VAL));
      System.out.printf("Spec: held-out simulated AUC %.3f, simulated BigGAN AUC %.3f%n", simAuc, otherAuc);
      assertThat(simAuc).isGreaterThanOrEqualTo(0.9);
      assertThat(otherAuc).isGreaterThan(0.6);
    }
  }
}
