package org.genimage.detectors.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.genimage.api.Dataset;
import org.genimage.api.EpochSummary;
import org.genimage.api.Generator;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.TrainingListener;
import org.genimage.eval.metrics.RocAuc;
import org.genimage.dataset.Split;
import org.genimage.dataset.sim.Artifact;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.dataset.sim.SimulatedGenerator;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.train.LrSchedule;
import org.genimage.detectors.train.OptimizerConfig;
import org.genimage.detectors.train.SameDiffTrainer;
import org.genimage.detectors.train.TrainerConfig;
import org.junit.jupiter.api.Test;

/**
 * A small DeiT and a small Swin, trained from scratch with the shared {@link SameDiffTrainer} (AdamW, cosine,
 * no decay on norms / biases / tokens / tables, stochastic depth), separate held-out real and simulated
 * up-sampled images (x2 up-sampling at the default strength, 32 images per label, 32 pixels): AUC >= 0.8 on
 * the val split, which training never sees (no validation set is passed, so the last epoch is scored). Both
 * take about 30 s of CPU together (OMP_NUM_THREADS=1). The patch size (4 for DeiT, 2 for Swin, on 32 pixels) keeps
 * whole periods of the x2 up-sampling grid inside each patch, so the linear patch embedding can see the
 * per-phase gain pattern.
 */
class LearningTest {
  static SimulatedDatasetMaker maker() {
    return SimulatedDatasetMaker.builder().seed(11).imageSize(32)
        .generators(List.of(new SimulatedGenerator(Generator.BIGGAN, Artifact.UPSAMPLE_X2, 1.0)))
        .trainPerLabel(32).valPerLabel(32).build();
  }

  static double auc(NetworkDetector d, Dataset data) {
    List<RgbImage> imgs = new ArrayList<>();
    int[] labels = new int[data.size()];
    for (int i = 0; i < data.size(); i++) {
      Sample s = data.samples().get(i);
      imgs.add(data.load(s));
      labels[i] = s.label().index();
    }
    float[] f = d.scoreBatch(imgs);
    double[] scores = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      scores[i] = f[i];
    }
    return RocAuc.of(labels, scores);
  }

  static double trainAndScore(Architecture arch, double lr, int epochs) {
    SimulatedDatasetMaker m = maker();
    Dataset train = m.dataset(Split.TRAIN);
    Dataset val = m.dataset(Split.VAL);
    TrainerConfig cfg = new TrainerConfig(epochs, 16, OptimizerConfig.adamW(lr, 0.05), LrSchedule.cosine(1, lr / 20),
        5, 0, null, false);
    List<EpochSummary> epochsSeen = new ArrayList<>();
    SameDiffTrainer trainer = new SameDiffTrainer(arch.displayName(), arch, cfg, ImageTransform.identity());
    // no validation data: the last epoch is returned, so the val split is never seen before it is scored
    try (NetworkDetector d = trainer.train(train, null, new TrainingListener() {
      @Override
      public void onEpoch(EpochSummary s) {
        epochsSeen.add(s);
        System.out.println(arch.displayName() + " epoch " + s.epoch() + " loss " + s.trainingLoss() + " "
            + s.elapsed());
      }
    })) {
      assertThat(epochsSeen).hasSize(epochs);
      assertThat(epochsSeen.get(epochs - 1).trainingLoss()).isLessThan(epochsSeen.get(0).trainingLoss());
      return auc(d, val);
    }
  }

  @Test
  void smallDeitLearnsTheSimulatedUpsamplingArtifact() {
    Deit arch = new Deit(DeitConfig.of(32, 4, 32, 2, 2, 64, 2, 0.1));
    double auc = trainAndScore(arch, 2e-3, 6);
    System.out.println("small DeiT held-out AUC " + auc);
    assertThat(auc).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void smallSwinLearnsTheSimulatedUpsamplingArtifact() {
    Swin arch = new Swin(SwinConfig.of(32, 2, 16, List.of(2, 2), List.of(1, 2), 4, 2.0, 2, 0.1));
    assertThat(arch.config().shift(0, 1)).isPositive();
    double auc = trainAndScore(arch, 2e-3, 4);
    System.out.println("small Swin held-out AUC " + auc);
    assertThat(auc).isGreaterThanOrEqualTo(0.8);
  }
}
