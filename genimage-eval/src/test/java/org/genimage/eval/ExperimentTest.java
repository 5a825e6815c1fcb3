package org.genimage.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadImageException;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.eval.metrics.EvaluationOptions;
import org.genimage.eval.metrics.MetricId;
import org.genimage.eval.protocol.CrossGenerator;
import org.genimage.eval.protocol.CrossGeneratorResult;
import org.genimage.eval.protocol.Degraded;
import org.genimage.eval.protocol.DegradedResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTest {
  @TempDir
  Path tmp;

  private static final ProtocolSettings FAST = ProtocolSettings.defaults()
      .withEvaluation(EvaluationOptions.defaults().withBootstrap(50, 0.95, 1));

  private static CrossGenerator matrix(FakeWorld w) {
    CrossGenerator.Builder b = CrossGenerator.builder().trainer(w.trainer()).settings(FAST);
    for (int g = 0; g < 3; g++) {
      b.subset("g" + g, w.subset("g" + g, g, 10, "train"), w.subset("g" + g, g, 10, "val"));
    }
    return b.build();
  }

  private Experiment experiment(FakeWorld w, Path dir) {
    return Experiment.builder().runDirectory(dir).threads(2).detectorLoader(w::load).build();
  }

  @Test
  void crossGeneratorMatrixShowsTheExpectedPattern() {
    FakeWorld w = new FakeWorld();
    CrossGeneratorResult r = experiment(w, tmp.resolve("run")).run(matrix(w));
    assertThat(r.trainedOn()).containsExactly("g0", "g1", "g2");
    assertThat(r.isFullMatrix()).isTrue();
    for (String g : r.trainedOn()) {
      assertThat(r.cell(g, g).accuracy()).as("diagonal " + g).isEqualTo(1.0);
    }
    // g0's threshold (132) sits above g2's fakes (120..124): every fake is called real there,
    // yet the ranking is perfect, so AUC stays 1 while accuracy drops to chance.
    assertThat(r.cell("g0", "g2").accuracy()).isEqualTo(0.5);
    assertThat(r.cell("g0", "g2").evaluation().fakeAccuracy()).isEqualTo(0.0);
    assertThat(r.cell("g0", "g2").evaluation().realAccuracy()).isEqualTo(1.0);
    assertThat(r.cell("g0", "g2").evaluation().rocAuc()).isEqualTo(1.0);
    assertThat(r.cell("g2", "g0").accuracy()).isEqualTo(1.0);
    double[][] m = r.matrix(MetricId.ACCURACY);
    assertThat(r.rowAverage("g0", MetricId.ACCURACY)).isEqualTo((m[0][0] + m[0][1] + m[0][2]) / 3);
    assertThat(r.columnAverage("g2", MetricId.ACCURACY)).isEqualTo((m[0][2] + m[1][2] + m[2][2]) / 3);
    assertThat(w.trainings.get()).isEqualTo(3);
    assertThat(r.provenance().datasets()).containsKey("g1/val");
    assertThat(r.provenance().datasets().get("g1/val")).startsWith("sha256:").contains("20 samples");
    assertThat(r.provenance().settings()).containsEntry("checkpointSelection", "TRAINING_SUBSET_VAL")
        .containsEntry("degradationTarget", "BOTH").containsEntry("smallImagePolicy", "RESIZE");
    assertThat(r.provenance().detectors().get("train-g0")).containsEntry("provenance.threshold",
        "132.0").containsEntry("trainedOn", "g0");
  }

  @Test
  void aCrashMidRunLosesOnlyTheCellInProgressAndResumeEqualsAnUninterruptedRun() throws IOException {
    FakeWorld clean = new FakeWorld();
    CrossGeneratorResult expected = experiment(clean, tmp.resolve("a")).run(matrix(clean));

    FakeWorld w = new FakeWorld();
    Path dir = tmp.resolve("b");
    // 20 images per test set, batches of 4: 5 calls per cell. Crash inside the third cell.
    w.batchBudget.set(12);
    assertThatThrownBy(() -> experiment(w, dir).run(matrix(w)))
        .isInstanceOf(IllegalStateException.class).hasMessage("simulated crash");
    assertThat(files(dir.resolve("scores"))).hasSize(2);
    assertThat(files(dir.resolve("detectors"))).containsExactly("train-g0.detector",
        "train-g0.json");

    w.batchBudget.set(Long.MAX_VALUE);
    w.imagesScored.set(0);
    w.trainings.set(0);
    List<String> resumedIds = new java.util.ArrayList<>();
    Experiment again = Experiment.builder().runDirectory(dir).threads(2).detectorLoader(w::load)
        .listener(new ProgressListener() {
          @Override
          public void onCellResumed(String cellId) {
            resumedIds.add(cellId);
          }
        }).build();
    CrossGenerator protocol = matrix(w);
    RunOutcome outcome = again.execute(protocol.name(), protocol.plan());
    CrossGeneratorResult resumed = protocol.assemble(outcome);

    assertThat(resumedIds).containsExactly("train-g0", "score-g0-on-g0", "score-g0-on-g1");
    assertThat(outcome.computedCells()).doesNotContainAnyElementsOf(resumedIds).hasSize(9);
    assertThat(w.trainings.get()).as("g0 is loaded, g1 and g2 trained").isEqualTo(2);
    assertThat(w.imagesScored.get()).as("7 of 9 cells scored again").isEqualTo(7 * 20);
    assertThat(resumed.cells()).isEqualTo(expected.cells());
    assertThat(resumed.settings()).isEqualTo(expected.settings());
    assertThat(files(dir.resolve("scores"))).hasSize(9).allMatch(f -> f.endsWith(".json"));
  }

  @Test
  void aThreadInterruptStopsTheRunAndItResumes() throws Exception {
    FakeWorld w = new FakeWorld();
    Path dir = tmp.resolve("run");
    AtomicInteger finished = new AtomicInteger();
    Experiment interrupting = Experiment.builder().runDirectory(dir).threads(2)
        .detectorLoader(w::load).listener(new ProgressListener() {
          @Override
          public void onCellFinished(String cellId, java.time.Duration elapsed) {
            if (cellId.startsWith("score") && finished.incrementAndGet() == 4) {
              Thread.currentThread().interrupt();
            }
          }
        }).build();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        interrupting.run(matrix(w));
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    t.start();
    t.join(30_000);
    assertThat(thrown.get()).isInstanceOf(RunInterruptedException.class)
        .hasMessageContaining("resume");
    assertThat(files(dir.resolve("scores"))).hasSize(4);

    w.imagesScored.set(0);
    CrossGeneratorResult r = experiment(w, dir).run(matrix(w));
    assertThat(w.imagesScored.get()).isEqualTo(5 * 20);
    assertThat(r.cell("g0", "g2").accuracy()).isEqualTo(0.5);
  }

  @Test
  void aBadImageIsRecordedUnderSkipAndFailsUnderStrict() {
    FakeWorld w = new FakeWorld();
    w.badIds.add("g0/val/ai/3.png");
    Degraded protocol = degraded(w, FAST);
    DegradedResult r = experiment(w, tmp.resolve("skip")).run(protocol);
    CellResult clean = r.clean();
    assertThat(clean.skipped()).containsExactly(
        new SkippedImage("g0/val/ai/3.png", Path.of("g0/val/ai/3.png").toString(), "zero-byte file"));
    assertThat(clean.evaluation().samples()).isEqualTo(19);
    assertThat(clean.evaluation().fakeSamples()).isEqualTo(9);
    assertThat(clean.scores().sampleIds()).doesNotContain("g0/val/ai/3.png");

    Experiment strict = Experiment.builder().runDirectory(tmp.resolve("strict"))
        .badInputPolicy(BadInputPolicy.FAIL).detectorLoader(w::load).build();
    assertThatThrownBy(() -> strict.run(degraded(w, FAST)))
        .isInstanceOf(BadImageException.class).hasMessageContaining("3.png: zero-byte file");
  }

  /** Darkens every pixel to level 0: a fake hit by it is called real. */
  private static final ImageTransform BLACKOUT = new ImageTransform() {
    @Override
    public RgbImage apply(RgbImage image, RandomGenerator random) {
      return RgbImage.filled(image.width(), image.height(), 0, 0, 0);
    }

    @Override
    public String description() {
      return "blackout()";
    }
  };

  private static Degraded degraded(FakeWorld w, ProtocolSettings settings) {
    return Degraded.builder()
        .trainer(w.trainer(), "g0", w.subset("g0", 0, 10, "train"), w.subset("g0", 0, 10, "val"))
        .testSet("g0", w.subset("g0", 0, 10, "val"))
        .degradation("blackout", BLACKOUT)
        .settings(settings)
        .build();
  }

  @Test
  void theDegradationTargetDecidesWhichClassIsHit() {
    FakeWorld w = new FakeWorld();
    DegradedResult both = experiment(w, tmp.resolve("both")).run(degraded(w, FAST));
    assertThat(both.clean().accuracy()).isEqualTo(1.0);
    assertThat(both.degradation("blackout").evaluation().realAccuracy()).isEqualTo(1.0);
    assertThat(both.degradation("blackout").evaluation().fakeAccuracy()).isEqualTo(0.0);
    assertThat(both.degradation("blackout").conditionDescription()).isEqualTo("blackout()");

    DegradedResult realOnly = experiment(w, tmp.resolve("real")).run(
        degraded(w, FAST.withDegradationTarget(DegradationTarget.REAL_ONLY)));
    // Blacked-out reals are still below the threshold; fakes are untouched.
    assertThat(realOnly.degradation("blackout").accuracy()).isEqualTo(1.0);
    assertThat(realOnly.provenance().settings()).containsEntry("degradationTarget", "REAL_ONLY");
    assertThat(realOnly.average(MetricId.ACCURACY)).isEqualTo(1.0);
  }

  @Test
  void parallelScoringMatchesSerialAndKeepsDecodedImagesBounded() {
    FakeWorld serial = new FakeWorld();
    CrossGeneratorResult a = Experiment.builder().runDirectory(tmp.resolve("serial")).threads(1)
        .detectorLoader(serial::load).build().run(matrix(serial));
    FakeWorld parallel = new FakeWorld();
    parallel.threadSafe = true;
    parallel.batchSize = 3;
    CrossGeneratorResult b = Experiment.builder().runDirectory(tmp.resolve("parallel")).threads(4)
        .queueCapacity(2).detectorLoader(parallel::load).build().run(matrix(parallel));
    for (int i = 0; i < a.cells().size(); i++) {
      assertThat(b.cells().get(i).scores().scores()).containsExactly(a.cells().get(i).scores().scores());
    }
    // Two windows of decoded images (each rounded up to whole batches: 2 x 3) at most.
    assertThat(parallel.maxInFlight.get()).isLessThanOrEqualTo(2 * 3);
  }

  @Test
  void smallImagesAreBroughtToTheInputSizeByPolicy() {
    for (SmallImagePolicy policy : SmallImagePolicy.values()) {
      FakeWorld w = new FakeWorld();
      w.inputSize = 16;
      w.imageSide = 8;
      DegradedResult r = experiment(w, tmp.resolve(policy.name()))
          .run(degraded(w, FAST.withSmallImagePolicy(policy)));
      assertThat(w.sizesSeen).as(policy.name()).containsExactly("16x16");
      assertThat(r.settings().smallImagePolicy()).isEqualTo(policy);
    }
  }

  @Test
  void aRunDirectoryWithCellsFromOtherInputsIsRefused() {
    FakeWorld w = new FakeWorld();
    Path dir = tmp.resolve("run");
    experiment(w, dir).run(degraded(w, FAST));
    Degraded other = Degraded.builder()
        .trainer(w.trainer(), "g0", w.subset("g0", 0, 10, "train"), w.subset("g0", 0, 10, "val"))
        .testSet("g0", w.subset("g0", 0, 12, "val"))
        .degradation("blackout", BLACKOUT).settings(FAST).build();
    assertThatThrownBy(() -> experiment(w, dir).run(other))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("score-clean.json")
        .hasMessageContaining("new run directory");
  }

  @Test
  void holdoutCheckpointSelectionNeverUsesTheValSplit() {
    FakeWorld w = new FakeWorld();
    ProtocolSettings holdout = FAST.withCheckpointSelection(CheckpointSelection.HOLDOUT_FROM_TRAINING)
        .withHoldoutFraction(0.25);
    TrainCell cell = matrix(w).plan().trainCells().get(0);
    assertThat(cell.validation().name()).isEqualTo("g0/val");
    CrossGenerator.Builder b = CrossGenerator.builder().trainer(w.trainer()).settings(holdout)
        .subset("g0", w.subset("g0", 0, 50, "train"), w.subset("g0", 0, 50, "val")).trainOn("g0");
    TrainCell h = b.build().plan().trainCells().get(0);
    assertThat(h.validation().samples()).allMatch(s -> s.id().startsWith("g0/train/"));
    assertThat(h.validation().size()).isBetween(10, 45);
    assertThat(h.training().size() + h.validation().size()).isEqualTo(100);
    assertThat(h.training().samples()).doesNotContainAnyElementsOf(h.validation().samples());
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

}
