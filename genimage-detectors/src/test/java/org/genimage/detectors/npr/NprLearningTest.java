package org.genimage.detectors.npr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.genimage.api.Dataset;
import org.genimage.api.EpochSummary;
import org.genimage.api.Generator;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.TrainingListener;
import org.genimage.dataset.Split;
import org.genimage.dataset.sim.Artifact;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.dataset.sim.SimulatedGenerator;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.layers.LearningData;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.train.LrSchedule;
import org.genimage.detectors.train.OptimizerConfig;
import org.genimage.detectors.train.SameDiffTrainer;
import org.genimage.detectors.train.TrainerConfig;
import org.genimage.detectors.train.TrainingBackend;
import org.junit.jupiter.api.Test;

/**
 * The small NPR trained from scratch on a simulated generator whose images carry a x2 up-sampling artifact (the
 * kind NPR is built for) separates that generator's held-out fakes from held-out reals (the val split, which
 * training never sees) with AUC >= 0.9, and its training loss falls. On a CPU where oneDNN loads the steps must run
 * on the oneDNN training plan ({@link TrainingBackend#ONEDNN}, which fails rather than falls back), elsewhere on
 * SameDiff.
 */
class NprLearningTest {
  @Test
  void learnsASimulatedUpsamplingArtifact() {
    SimulatedDatasetMaker maker = SimulatedDatasetMaker.builder().seed(11).imageSize(32)
        .generators(List.of(new SimulatedGenerator(Generator.BIGGAN, Artifact.UPSAMPLE_X2, 1.0)))
        .trainPerLabel(32).valPerLabel(32).build();
    Dataset train = maker.dataset(Split.TRAIN);
    Dataset heldOut = maker.dataset(Split.VAL);
    assertThat(heldOut.count(Label.FAKE)).isEqualTo(32);
    assertThat(heldOut.samples()).doesNotContainAnyElementsOf(train.samples());
    boolean plan = OneDnn.available();
    TrainerConfig cfg = new TrainerConfig(4, 16, OptimizerConfig.adam(2e-3), LrSchedule.cosine(1, 1e-4), 3, 0,
        null, false).withBackend(plan ? TrainingBackend.ONEDNN : TrainingBackend.SAMEDIFF);
    List<EpochSummary> epochs = new ArrayList<>();
    long t0 = System.nanoTime();
    SameDiffTrainer trainer = new SameDiffTrainer("npr-small", new Npr(NprConfig.small(32)), cfg,
        ImageTransform.identity());
    try (NetworkDetector d = trainer.train(train, null, new TrainingListener() {
      @Override
      public void onEpoch(EpochSummary s) {
        epochs.add(s);
      }
    })) {
      double auc = LearningData.auc(d, heldOut);
      String engine = d.info().provenance().get("trainer.engine");
      System.out.printf("NPR small: held-out AUC %.3f, loss %.4f -> %.4f, trained on %s in %.1f s%n", auc,
          epochs.get(0).trainingLoss(), epochs.get(epochs.size() - 1).trainingLoss(), engine,
          (System.nanoTime() - t0) * 1e-9);
      assertThat(auc).isGreaterThanOrEqualTo(0.9);
      assertThat(epochs.get(epochs.size() - 1).trainingLoss()).isLessThan(epochs.get(0).trainingLoss());
      assertThat(engine).as("the engine that trained it").doesNotStartWith(plan ? "SameDiff" : "oneDNN");
    }
  }
}
