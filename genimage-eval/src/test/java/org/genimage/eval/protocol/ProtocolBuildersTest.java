package org.genimage.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.Generator;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.TrainingListener;
import org.genimage.eval.CheckpointSelection;
import org.genimage.eval.ExperimentPlan;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.ScoreCell;
import org.genimage.eval.TrainCell;
import org.junit.jupiter.api.Test;

/**
 * The plans the four builders make and the errors they raise, pinned cell by cell: ids, detector
 * keys, test names, conditions, what each detector was trained on, validation messages and their
 * order. Nothing is run; the plans are only built.
 */
class ProtocolBuildersTest {
  private static final ImageTransform DARKEN = new ImageTransform() {
    @Override
    public RgbImage apply(RgbImage image, java.util.random.RandomGenerator random) {
      return image;
    }

    @Override
    public String description() {
      return "unchanged";
    }
  };

  private static Dataset data(String name) {
    List<Sample> samples = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      for (Label label : Label.values()) {
        String id = name + "/" + label.releaseFolder() + "/" + i + ".png";
        samples.add(new Sample(id, java.nio.file.Path.of(id), label,
            Generator.custom("g", "g", Generator.Family.DIFFUSION), i));
      }
    }
    return Dataset.of(name, samples, s -> RgbImage.filled(4, 4, 0, 0, 0));
  }

  private static final Detector DETECTOR = new Detector() {
    @Override
    public DetectorInfo info() {
      throw new UnsupportedOperationException();
    }

    @Override
    public float[] scoreBatch(List<RgbImage> images) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  };

  private static final DetectorTrainer TRAINER = new DetectorTrainer() {
    @Override
    public String name() {
      return "fake";
    }

    @Override
    public Map<String, String> settings() {
      return Map.of();
    }

    @Override
    public Detector train(Dataset training, Dataset validation, TrainingListener listener) {
      throw new UnsupportedOperationException();
    }
  };

  private static final Dataset TRAIN = data("sd14-train");
  private static final Dataset VAL = data("sd14-val");
  private static final Dataset TEST = data("sd14-test");
  private static final ProtocolSettings HOLDOUT = ProtocolSettings.defaults()
      .withCheckpointSelection(CheckpointSelection.HOLDOUT_FROM_TRAINING).withSeed(7);

  private static List<String> ids(ExperimentPlan plan) {
    return plan.scoreCells().stream().map(ScoreCell::id).toList();
  }

  @Test
  void degradedWithAGivenDetectorScoresCleanThenEachDegradationInOrder() {
    Degraded p = Degraded.builder().detector("sd14", DETECTOR).testSet("sd14/val", TEST)
        .degradation("jpeg q30", DARKEN).degradations(Map.of("blur_s3", DARKEN)).build();
    ExperimentPlan plan = p.plan();
    assertThat(p.name()).isEqualTo(Degraded.NAME).isEqualTo("degraded");
    assertThat(plan.trainCells()).isEmpty();
    assertThat(plan.givenDetectors()).containsOnlyKeys("given-detector");
    assertThat(plan.givenDetectors().get("given-detector").detector()).isSameAs(DETECTOR);
    assertThat(plan.trainedOn("given-detector")).isEqualTo("sd14");
    assertThat(ids(plan)).containsExactly("score-clean", "score-jpeg_q30", "score-blur_s3");
    assertThat(plan.scoreCells()).allSatisfy(c -> {
      assertThat(c.detectorKey()).isEqualTo("given-detector");
      assertThat(c.testName()).isEqualTo("sd14/val");
      assertThat(c.test()).isSameAs(TEST);
    });
    assertThat(plan.scoreCells().stream().map(ScoreCell::condition))
        .containsExactly("clean", "jpeg q30", "blur_s3");
    assertThat(plan.scoreCells().get(0).degradation()).isSameAs(ImageTransform.identity());
    assertThat(plan.scoreCells().get(1).degradation()).isSameAs(DARKEN);
    assertThat(plan.settings()).isEqualTo(ProtocolSettings.defaults());
  }

  @Test
  void degradedWithATrainerUsesTheValidationSetOrTheHoldOutPerSettings() {
    ExperimentPlan plan = Degraded.builder().trainer(TRAINER, "sd14", TRAIN, VAL)
        .testSet("sd14", TEST).degradation("jpeg", DARKEN).build().plan();
    assertThat(plan.givenDetectors()).isEmpty();
    TrainCell t = plan.trainCells().get(0);
    assertThat(List.of(t.id(), t.trainedOn())).containsExactly("train-detector", "sd14");
    assertThat(t.trainer()).isSameAs(TRAINER);
    assertThat(t.training()).isSameAs(TRAIN);
    assertThat(t.validation()).isSameAs(VAL);
    assertThat(plan.scoreCells()).allSatisfy(c -> assertThat(c.detectorKey())
        .isEqualTo("train-detector"));

    // Settings given before the source, as callers do, and a null validation set under hold-out.
    ExperimentPlan held = Degraded.builder().settings(HOLDOUT).trainer(TRAINER, "sd14", TRAIN, null)
        .testSet("sd14", TEST).degradation("jpeg", DARKEN).build().plan();
    assertThat(held.settings()).isSameAs(HOLDOUT);
    TrainCell h = held.trainCells().get(0);
    assertThat(h.training().name()).isEqualTo("sd14-train-train");
    assertThat(h.validation().name()).isEqualTo("sd14-train-holdout");
    assertThat(h.training().size() + h.validation().size()).isEqualTo(TRAIN.size());
  }

  @Test
  void theLastDetectorOrTrainerCallWins() {
    ExperimentPlan trained = Degraded.builder().detector("a", DETECTOR)
        .trainer(TRAINER, "b", TRAIN, VAL).testSet("t", TEST).degradation("d", DARKEN).build()
        .plan();
    assertThat(trained.givenDetectors()).isEmpty();
    assertThat(trained.trainedOn("train-detector")).isEqualTo("b");
    ExperimentPlan given = CrossContent.builder().trainer(TRAINER, "b", TRAIN, VAL)
        .detector("a", DETECTOR).target("faces", TEST).build().plan();
    assertThat(given.trainCells()).isEmpty();
    assertThat(given.trainedOn("given-detector")).isEqualTo("a");
  }

  @Test
  void degradedValidatesInOrderWithTheSameMessages() {
    assertThatThrownBy(() -> Degraded.builder().build())
        .isInstanceOf(BadArgumentException.class)
        .hasMessage("detector: is missing: call detector(...) or trainer(...)");
    assertThatThrownBy(() -> Degraded.builder().detector("sd14", DETECTOR).build())
        .hasMessage("testSet: is missing: call testSet(name, dataset)");
    assertThatThrownBy(() -> Degraded.builder().detector("sd14", DETECTOR).testSet("t", TEST)
        .build()).isInstanceOf(BadArgumentException.class).hasMessageStartingWith("degradations");
    // The missing test set is reported before the missing validation set.
    assertThatThrownBy(() -> Degraded.builder().trainer(TRAINER, "sd14", TRAIN, null)
        .degradation("d", DARKEN).build())
        .hasMessage("testSet: is missing: call testSet(name, dataset)");
    assertThatThrownBy(() -> Degraded.builder().trainer(TRAINER, "sd14", TRAIN, null)
        .testSet("t", TEST).degradation("d", DARKEN).build())
        .hasMessage("validation: is needed for sd14 under TRAINING_SUBSET_VAL checkpoint selection"
            + " (or choose HOLDOUT_FROM_TRAINING)");
    assertThatThrownBy(() -> Degraded.builder().detector("sd14", null))
        .isInstanceOf(BadArgumentException.class).hasMessageStartingWith("detector");
    assertThatThrownBy(() -> Degraded.builder().detector(" ", DETECTOR))
        .isInstanceOf(BadArgumentException.class).hasMessageStartingWith("trainedOn");
    assertThatThrownBy(() -> Degraded.builder().trainer(null, "sd14", TRAIN, VAL))
        .isInstanceOf(BadArgumentException.class).hasMessageStartingWith("trainer");
    assertThatThrownBy(() -> Degraded.builder().trainer(TRAINER, "sd14", null, VAL))
        .isInstanceOf(BadArgumentException.class).hasMessageStartingWith("training");
    assertThatThrownBy(() -> Degraded.builder().settings(null))
        .isInstanceOf(BadArgumentException.class).hasMessageStartingWith("settings");
    assertThatThrownBy(() -> Degraded.builder().testSet("", TEST))
        .isInstanceOf(BadArgumentException.class).hasMessageStartingWith("name");
    assertThatThrownBy(() -> Degraded.builder().testSet("t", null))
        .isInstanceOf(BadArgumentException.class).hasMessageStartingWith("dataset");
    assertThatThrownBy(() -> Degraded.builder().degradation("clean", DARKEN))
        .isInstanceOf(BadArgumentException.class).hasMessageStartingWith("name = ");
  }

  @Test
  void crossContentScoresOneDetectorOnEachTarget() {
    Map<String, Dataset> targets = new LinkedHashMap<>();
    targets.put("lfw faces", TEST);
    targets.put("laion-art", VAL);
    CrossContent.Builder b = CrossContent.builder().settings(HOLDOUT);
    b.trainer(TRAINER, "sd14", TRAIN, VAL);
    targets.forEach(b::target);
    CrossContent p = b.build();
    assertThat(p.name()).isEqualTo(CrossContent.NAME).isEqualTo("cross-content");
    assertThat(p.plan().settings()).isSameAs(HOLDOUT);
    assertThat(p.plan().trainCells()).extracting(TrainCell::id).containsExactly("train-detector");
    assertThat(ids(p.plan())).containsExactly("score-on-lfw_faces", "score-on-laion-art");
    assertThat(p.plan().scoreCells()).extracting(ScoreCell::testName)
        .containsExactly("lfw faces", "laion-art");
    assertThat(p.plan().scoreCells()).allSatisfy(c -> assertThat(c.condition()).isEqualTo("clean"));

    assertThatThrownBy(() -> CrossContent.builder().target("x", TEST).build())
        .hasMessage("detector: is missing: call detector(...) or trainer(...)");
    assertThatThrownBy(() -> CrossContent.builder().detector("sd14", DETECTOR).build())
        .isInstanceOf(BadArgumentException.class).hasMessageStartingWith("targets");
    assertThatThrownBy(() -> CrossContent.builder().target("x", TEST).target("x", VAL))
        .hasMessageStartingWith("name = ");
  }

  @Test
  void classCountTrainsOneDetectorPerCount() {
    ClassCount p = ClassCount.builder().trainer(TRAINER).classCounts(2, 5)
        .trainingSets(n -> TRAIN).validationSets(n -> VAL).testSet("all", TEST).build();
    assertThat(p.name()).isEqualTo(ClassCount.NAME).isEqualTo("class-count");
    assertThat(p.plan().trainCells()).extracting(TrainCell::id)
        .containsExactly("train-classes-2", "train-classes-5");
    assertThat(p.plan().trainCells()).extracting(TrainCell::trainedOn)
        .containsExactly("2 classes", "5 classes");
    assertThat(ids(p.plan())).containsExactly("score-classes-2", "score-classes-5");
    assertThat(p.plan().settings()).isEqualTo(ProtocolSettings.defaults());

    assertThatThrownBy(() -> ClassCount.builder().trainingSets(n -> TRAIN).testSet("t", TEST)
        .build()).isInstanceOf(BadArgumentException.class).hasMessageStartingWith("trainer");
    assertThatThrownBy(() -> ClassCount.builder().trainer(TRAINER).trainingSets(n -> TRAIN)
        .build()).hasMessage("testSet: is missing: call testSet(name, dataset)");
  }

  @Test
  void crossGeneratorMakesTheMatrixOrTheChosenRows() {
    CrossGenerator full = CrossGenerator.builder().settings(HOLDOUT).trainer(TRAINER)
        .subset("sd14", TRAIN, VAL).subset("big gan", TRAIN, VAL).testSubset("mj", TEST).build();
    assertThat(full.name()).isEqualTo(CrossGenerator.NAME).isEqualTo("cross-generator");
    assertThat(full.plan().settings()).isSameAs(HOLDOUT);
    assertThat(full.plan().trainCells()).extracting(TrainCell::id)
        .containsExactly("train-sd14", "train-big_gan");
    assertThat(ids(full.plan())).containsExactly("score-sd14-on-sd14", "score-sd14-on-big_gan",
        "score-sd14-on-mj", "score-big_gan-on-sd14", "score-big_gan-on-big_gan",
        "score-big_gan-on-mj");

    ExperimentPlan given = CrossGenerator.builder().subset("sd14", TRAIN, VAL)
        .pretrained("sd14", DETECTOR).build().plan();
    assertThat(given.givenDetectors()).containsOnlyKeys("given-sd14");
    assertThatThrownBy(() -> CrossGenerator.builder().subset("sd14", TRAIN, VAL).build())
        .hasMessage("trainer: is missing: give a trainer with training splits, or pre-trained "
            + "detectors");
  }
}
