package org.genimage.detectors.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.genimage.api.ImageTransform;
import org.genimage.api.TrainingProvenance;
import org.genimage.api.WeightsSource;
import org.genimage.degrade.HorizontalFlip;
import org.genimage.detectors.Head;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.Test;

/** The trainer's provenance is built from its configuration records, field by field. */
class TrainerProvenanceTest {
  private final ResNet arch = new ResNet(ResNetConfig.small(Head.SINGLE_LOGIT));
  private final TrainerConfig config = new TrainerConfig(7, 12, OptimizerConfig.adamW(3e-4, 0.05),
      LrSchedule.step(2, 0.25), 4242, 3, Path.of("ckpt-dir"), false, 5);

  @Test
  void everyConfiguredFieldIsRecorded() {
    SameDiffTrainer trainer = new SameDiffTrainer("t", arch, config, new HorizontalFlip(0.5));
    TrainingProvenance p = trainer.provenance("sha256:train", "sha256:val", 6, 4, Map.of("auc", 0.875),
        "engine x");
    assertThat(p.trainer()).isEqualTo("t");
    assertThat(p.seed()).isEqualTo(4242L);
    assertThat(p.epochs()).isEqualTo(7);
    assertThat(p.epochsRun()).isEqualTo(6);
    assertThat(p.bestEpoch()).isEqualTo(4);
    assertThat(p.trainingManifest()).isEqualTo("sha256:train");
    assertThat(p.validationManifest()).isEqualTo("sha256:val");
    assertThat(p.validation()).containsExactly(Map.entry("auc", 0.875));
    assertThat(p.engine()).isEqualTo("engine x");
    assertThat(p.start().kind()).isEqualTo(WeightsSource.Kind.INITIALISED);
    assertThat(p.config())
        .containsEntry("epochs", "7")
        .containsEntry("batchSize", "12")
        .containsEntry("seed", "4242")
        .containsEntry("earlyStoppingPatience", "3")
        .containsEntry("bnRecalibrationBatches", "5")
        .containsEntry("optimizer.kind", "ADAMW")
        .containsEntry("optimizer.learningRate", "3.0E-4")
        .containsEntry("optimizer.weightDecay", "0.05")
        .containsEntry("schedule.kind", "STEP")
        .containsEntry("schedule.stepEpochs", "2")
        .containsEntry("schedule.factor", "0.25")
        .containsEntry("backend", config.backend().name())
        .containsEntry("augmentation", new HorizontalFlip(0.5).description())
        .doesNotContainKey("checkpointDir");
  }

  @Test
  void fineTuningRecordsWhereTheStartingWeightsCameFrom() {
    Map<String, NamedTensor> w = arch.initialise(1);
    WeightsSource imported = WeightsSource.imported("r50.safetensors", "ab".repeat(32));
    SameDiffTrainer trainer = new SameDiffTrainer("t", arch, config, ImageTransform.identity())
        .startingFrom(w, imported);
    assertThat(trainer.provenance("sha256:a", "", 1, 1, Map.of(), "e").start()).isEqualTo(imported);
    assertThat(new SameDiffTrainer("t", arch, config, ImageTransform.identity()).startingFrom(w)
        .provenance("sha256:a", "", 1, 1, Map.of(), "e").start().kind()).isEqualTo(WeightsSource.Kind.GIVEN);
  }
}
