package org.genimage.detectors.clip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.genimage.api.Dataset;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.dataset.Split;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.detectors.DetectorFile;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.layers.LearningData;
import org.genimage.detectors.transformer.VitBlocks;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.eval.metrics.RocAuc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UnivFD's recipe end to end on simulated data: a small random CLIP tower (32 px, patch 4, width 32, one block)
 * embeds the training images once into a feature file; the probe is fitted on the file read back; the detector
 * (tower plus probe) scores held-out images, and again after a round trip through a detector file.
 *
 * <p>What it shows: a linear probe on frozen, cached features learns what the features carry, and the cache,
 * the probe and the detector agree with each other. A random tower is no CLIP: it carries the signal here because
 * the simulated fakes' up-sampling leaves a per-phase pattern inside every 4 x 4 patch, which the linear patch
 * embedding passes on and one random block does not wash out. The held-out AUC must be clearly above chance
 * (0.75); the same features with shuffled labels must do clearly worse (at least 0.15 lower), so the probe
 * learns from the labels, not from an accident of the split.
 */
class UnivFdLearningTest {
  static final ClipVisionConfig TOWER = new ClipVisionConfig(32, 4, 32, 1, 2, 128, 32,
      VitBlocks.Activation.QUICK_GELU);

  static double auc(LinearProbe.Fit fit, ClipFeatures f) {
    float[] x = f.values();
    int[] labels = new int[f.size()];
    double[] scores = new double[f.size()];
    for (int i = 0; i < f.size(); i++) {
      labels[i] = f.labels().get(i).index();
      scores[i] = fit.logit(x, i * f.dim());
    }
    return RocAuc.of(labels, scores);
  }

  @Test
  void aProbeOnCachedFeaturesDetectsHeldOutFakes(@TempDir Path dir) {
    SimulatedDatasetMaker maker = LearningData.maker(32, 48, 32, 1.0, Generator.BIGGAN);
    Dataset train = maker.dataset(Split.TRAIN);
    Dataset val = maker.dataset(Split.VAL);
    UnivFd arch = new UnivFd(UnivFdConfig.of(TOWER));
    Map<String, NamedTensor> weights = arch.initialise(7);
    InferenceOptions opts = InferenceOptions.defaults().withBatchSize(16);
    Path cache = dir.resolve("train.features.safetensors");
    ClipFeatures held;
    try (ClipFeatureExtractor ex = ClipFeatureExtractor.of(arch, weights, opts)) {
      ex.extract(train.samples(), train::load).write(cache);
      held = ex.extract(val.samples(), val::load);
    }
    ClipFeatures features = ClipFeatures.read(cache);
    assertThat(features.ids()).containsExactlyElementsOf(train.samples().stream().map(s -> s.id()).toList());

    LinearProbe.Fit fit = LinearProbe.fit(features, LinearProbe.Options.defaults());
    double auc = auc(fit, held);
    List<Label> labels = new ArrayList<>(features.labels());
    Collections.shuffle(labels, new Random(3));
    ClipFeatures shuffled = new ClipFeatures(features.ids(), labels, features.dim(), features.values(),
        features.towerSha256(), features.tower(), features.preprocessing());
    double control = auc(LinearProbe.fit(shuffled, LinearProbe.Options.defaults()), held);
    System.out.printf("UnivFD probe on a random tiny tower: held-out AUC %.3f (shuffled labels: %.3f)%n", auc,
        control);
    assertThat(auc).isGreaterThan(0.75);
    assertThat(control).isLessThan(auc - 0.15);

    // the detector (tower + fitted probe) scores images as the probe scores their cached features
    List<RgbImage> images = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      images.add(val.load(val.samples().get(i)));
    }
    float[] x = held.values();
    Path model = dir.resolve("univfd.gidet");
    float[] scores;
    try (NetworkDetector d = UnivFdProbe.fit(arch, weights, features, cache, LinearProbe.Options.defaults(), opts)) {
      scores = d.scoreBatch(images);
      for (int i = 0; i < images.size(); i++) {
        assertThat((double) scores[i]).isCloseTo(1 / (1 + Math.exp(-fit.logit(x, i * held.dim()))),
            org.assertj.core.data.Offset.offset(1e-5));
      }
      assertThat(d.info().provenance()).containsEntry("trainer", "univfd-linear-probe")
          .containsEntry("probe.samples", String.valueOf(train.size()));
      d.save(model);
    }
    try (NetworkDetector loaded = DetectorFile.load(model, opts)) {
      assertThat(loaded.architecture()).isInstanceOf(UnivFd.class);
      assertThat(loaded.scoreBatch(images)).containsExactly(scores);
    }
  }
}
