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
import org.genimage.detectors.NetworkDetector;
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
        org.genimage.detectors.preprocess.PreprocessingPipeline.imagenet(0, 56)));
    List<EpochSummary> straight = new ArrayList<>();
    Map<String, NamedTensor> a;
    try (NetworkDetector d = new SameDiffTrainer("r", cropped, base.withCheckpoints(dir.resolve("a"), false), aug)
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
    try (NetworkDetector d = new SameDiffTrainer("r", cropped, base.withCheckpoints(ckB, true), aug)
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

  /**
   * A run killed inside an epoch (here: by its listener, after the checkpoint of the step before) resumes from
   * that step's checkpoint and ends with the same weights, to the bit, as a run that was never interrupted.
   */
  @Test
  void resumeAfterAKillInsideAnEpochGivesTheSameWeights() {
    SimulatedDatasetMaker m = LearningTest.maker(12, 4);
    Dataset train = m.dataset(Split.TRAIN);
    Dataset val = m.dataset(Split.VAL);
    ResNet arch = new ResNet(new ResNetConfig("small56", 8, new int[] {1, 1, 1, 1}, Head.SINGLE_LOGIT,
        org.genimage.detectors.preprocess.PreprocessingPipeline.imagenet(0, 56)));
    TrainerConfig base = new TrainerConfig(2, 8, OptimizerConfig.adamW(0.01, 0.05), LrSchedule.cosine(0, 1e-4), 5,
        0, null, false).withCheckpointEverySteps(1);
    ImageTransform aug = CnnSpot.augmentation(0.5, 56);
    List<EpochSummary> straight = new ArrayList<>();
    Map<String, NamedTensor> a;
    try (NetworkDetector d = new SameDiffTrainer("r", arch, base.withCheckpoints(dir.resolve("a"), false), aug)
        .train(train, val, collect(straight))) {
      a = d.weights();
    }
    Path ck = dir.resolve("b");
    int[] batches = new int[1];
    assertThatThrownBy(() -> new SameDiffTrainer("r", arch, base.withCheckpoints(ck, true), aug)
        .train(train, val, new TrainingListener() {
          @Override
          public void onBatch(int epoch, int batch, double loss) {
            if (epoch == 2 && batch == 2) {
              throw new Interrupt();
            }
          }
        })).isInstanceOf(Interrupt.class);
    List<EpochSummary> resumed = new ArrayList<>();
    Map<String, NamedTensor> b;
    try (NetworkDetector d = new SameDiffTrainer("r", arch, base.withCheckpoints(ck, true), aug)
        .train(train, val, new TrainingListener() {
          @Override
          public void onBatch(int epoch, int batch, double loss) {
            batches[0]++;
          }

          @Override
          public void onEpoch(EpochSummary s) {
            resumed.add(s);
          }
        })) {
      b = d.weights();
    }
    // epoch 2 has 3 batches; the checkpoint after its first one is where the resumed run starts
    assertThat(batches[0]).isEqualTo(2);
    assertThat(resumed).extracting(EpochSummary::epoch).containsExactly(2);
    assertThat(resumed.get(0).trainingLoss()).isEqualTo(straight.get(1).trainingLoss());
    assertThat(resumed.get(0).validation()).isEqualTo(straight.get(1).validation());
    for (String k : a.keySet()) {
      assertThat(b.get(k).data()).as(k).containsExactly(a.get(k).data());
    }
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
