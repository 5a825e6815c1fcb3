package org.genimage.detectors.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genimage.api.Dataset;
import org.genimage.api.EpochSummary;
import org.genimage.api.ImageTransform;
import org.genimage.api.TrainingListener;
import org.genimage.dataset.Split;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.detectors.Head;
import org.genimage.detectors.SameDiffDetector;
import org.genimage.detectors.resnet.CnnSpot;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted, resumed run ends with exactly the weights and metrics of an uninterrupted one. */
class ResumeTest {
  @TempDir
  Path dir;

  private static final class Interrupt extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void resumeAfterInterruptionGivesTheSameResult() {
    SimulatedDatasetMaker m = LearningTest.maker(12, 8);
    Dataset train = m.dataset(Split.TRAIN);
    Dataset val = m.dataset(Split.VAL);
    ResNet arch = new ResNet(ResNetConfig.small(Head.SINGLE_LOGIT));
    TrainerConfig base = new TrainerConfig(3, 8, OptimizerConfig.sgd(0.05, 0.9, 1e-4), LrSchedule.step(1, 0.5), 21,
        0, null, false);
    // Augmentation draws from (seed, epoch, sample id), so the resumed epochs see the same images.
    ImageTransform aug = CnnSpot.augmentation(0.5, 56);
    ResNet cropped = new ResNet(new ResNetConfig("small56", 8, new int[] {1, 1, 1, 1}, Head.SINGLE_LOGIT,
        org.genimage.detectors.Preprocessing.imagenet(0, 56)));
    List<EpochSummary> straight = new ArrayList<>();
    Map<String, NamedTensor> a;
    try (SameDiffDetector d = new SameDiffTrainer("r", cropped, base.withCheckpoints(dir.resolve("a"), false), aug)
        .train(train, val, collect(straight))) {
      a = d.weights();
    }
    Path ckB = dir.resolve("b");
    assertThatThrownBy(() -> new SameDiffTrainer("r", cropped, base.withCheckpoints(ckB, true), aug)
        .train(train, val, new TrainingListener() {
          @Override
          public void onEpoch(EpochSummary s) {
            if (s.epoch() == 2) {
              throw new Interrupt();
            }
          }
        })).isInstanceOf(Interrupt.class);
    assertThat(Files.isRegularFile(ckB.resolve(SameDiffTrainer.CHECKPOINT))).isTrue();
    List<EpochSummary> resumed = new ArrayList<>();
    Map<String, NamedTensor> b;
    try (SameDiffDetector d = new SameDiffTrainer("r", cropped, base.withCheckpoints(ckB, true), aug)
        .train(train, val, collect(resumed))) {
      b = d.weights();
      assertThat(d.info().provenance()).containsEntry("epochs.run", "3");
    }
    assertThat(resumed).extracting(EpochSummary::epoch).containsExactly(3);
    assertThat(resumed.get(0).trainingLoss()).isEqualTo(straight.get(2).trainingLoss());
    assertThat(resumed.get(0).validation()).isEqualTo(straight.get(2).validation());
    assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
    for (String k : a.keySet()) {
      assertThat(b.get(k).data()).as(k).containsExactly(a.get(k).data());
    }
    assertThat(arch.parameters()).isNotEmpty();
  }

  private static TrainingListener collect(List<EpochSummary> out) {
    return new TrainingListener() {
      @Override
      public void onEpoch(EpochSummary s) {
        out.add(s);
      }
    };
  }
}
