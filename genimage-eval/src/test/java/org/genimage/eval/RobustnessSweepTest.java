package org.genimage.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.eval.metrics.EvaluationOptions;
import org.genimage.eval.metrics.MetricId;
import org.genimage.eval.protocol.RobustnessSweep;
import org.genimage.eval.protocol.RobustnessSweepResult;
import org.genimage.eval.report.CurveFigures;
import org.genimage.eval.report.Report;
import org.genimage.eval.report.ReportFigure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The robustness sweep over {@link FakeWorld}'s grey squares, with a degradation whose effect on
 * the scores is known: it darkens the fakes (degradation target FAKE_ONLY) by {@code d} grey levels.
 *
 * <p>Test set g0/val: 10 reals at levels 100..104 and 10 fakes at 160..164 (each level twice). A
 * detector with threshold {@code t} scores {@code 0.5 + (level - t) / 200}, FAKE when above 0.5.
 * Shifting the fakes by {@code d}, worked by hand:
 *
 * <pre>
 *   d    fakes      AUC (fake above real, ties half)        TPR@1%FPR (no real flagged)
 *   0    160..164   1                                        1
 *   30   130..134   1                                        1
 *   58   102..106   (2.5+3.5+4.5+5+5)/25 = 0.82              105, 106 above every real: 4/10
 *   62   98..102    (0+0+0.5+1.5+2.5)/25 = 0.18              a real (104) is the top score: 0
 * </pre>
 *
 * Accuracy at 0.5: "strict" (t = 130) calls a real fake never and a fake fake above 130:
 * 1, 18/20 (the two 130s are not above), 10/20, 10/20. "lenient" (t = 100) calls the reals above
 * 100 fake (8 of 10 wrong): 12/20 while every fake is above 100, then 6/20 at d = 62 (fakes 98, 99,
 * 100 called real).
 */
class RobustnessSweepTest {
  @TempDir
  Path tmp;

  private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults()
      .withDegradationTarget(DegradationTarget.FAKE_ONLY)
      .withEvaluation(EvaluationOptions.defaults().withBootstrap(20, 0.95, 1));

  /** Hand-worked fractions of 20 images: equal up to rounding of the last bit. */
  private static final org.assertj.core.data.Offset<Double> EXACT =
      org.assertj.core.data.Offset.offset(1e-12);

  private static final int[] SHIFTS = {0, 30, 58, 62};

  /** Darkens every pixel by {@code d} grey levels. */
  private static ImageTransform darker(int d) {
    return new ImageTransform() {
      @Override
      public RgbImage apply(RgbImage image, RandomGenerator random) {
        int v = FakeWorld.level(image) >= d ? (int) FakeWorld.level(image) - d : 0;
        return RgbImage.filled(image.width(), image.height(), v, v, v);
      }

      @Override
      public String description() {
        return "darker(d=" + d + ")";
      }
    };
  }

  private static Map<String, ImageTransform> shiftLevels() {
    Map<String, ImageTransform> m = new LinkedHashMap<>();
    for (int d : SHIFTS) {
      m.put(Integer.toString(d), darker(d));
    }
    return m;
  }

  private static Dataset testSet(FakeWorld w) {
    return w.subset("g0", 0, 10, "val");
  }

  private Experiment experiment(FakeWorld w, Path dir) {
    return Experiment.builder().runDirectory(dir).threads(2).detectorLoader(w::load).build();
  }

  @Test
  void curvesEqualTheDegradationsKnownEffectPerDetector() {
    FakeWorld w = new FakeWorld();
    RobustnessSweep p = RobustnessSweep.builder()
        .detector("strict", "g0", w.new LevelDetector(130))
        .detector("lenient", "g0", w.new LevelDetector(100))
        .testSet("g0", testSet(w))
        .sweep("shift", "grey levels removed from fakes", shiftLevels())
        .settings(SETTINGS)
        .build();
    RobustnessSweepResult r = experiment(w, tmp.resolve("run")).run(p);

    assertThat(r.protocol()).isEqualTo("robustness");
    assertThat(r.detectors()).containsExactly("strict", "lenient");
    assertThat(r.cells()).hasSize(8);
    for (String d : r.detectors()) {
      assertThat(r.curve(d, "shift", MetricId.ROC_AUC)).as(d)
          .containsExactly(new double[] {1.0, 1.0, 0.82, 0.18}, EXACT);
      assertThat(r.curve(d, "shift", MetricId.TPR_AT_1PCT_FPR)).as(d)
          .containsExactly(new double[] {1.0, 1.0, 0.4, 0.0}, EXACT);
    }
    assertThat(r.curve("strict", "shift", MetricId.ACCURACY))
        .containsExactly(new double[] {1.0, 0.9, 0.5, 0.5}, EXACT);
    assertThat(r.curve("lenient", "shift", MetricId.ACCURACY))
        .containsExactly(new double[] {0.6, 0.6, 0.6, 0.3}, EXACT);

    CellResult c = r.cell("lenient", "shift", "58");
    assertThat(c.condition()).isEqualTo("shift:58");
    assertThat(c.conditionDescription()).isEqualTo("darker(d=58)");
    assertThat(c.trainedOn()).isEqualTo("g0");
    assertThat(c.cellId()).isEqualTo("score-given-lenient-shift-58");
    assertThat(r.cells("strict", "shift")).extracting(CellResult::condition)
        .containsExactly("shift:0", "shift:30", "shift:58", "shift:62");

    CurveFigures.Lines lines = r.lines("shift", MetricId.TPR_AT_1PCT_FPR);
    assertThat(lines.series()).containsOnlyKeys("strict", "lenient");
    assertThat(lines.levels()).containsExactly("0", "30", "58", "62");
    assertThat(lines.values("strict")).containsExactly(new double[] {1.0, 1.0, 0.4, 0.0}, EXACT);
    assertThatThrownBy(() -> r.cell("strict", "shift", "99"))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("99");
    assertThatThrownBy(() -> r.curve("nobody", "shift", MetricId.ACCURACY))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("nobody");
  }

  @Test
  void theReportTabulatesAndDrawsTheCurves() throws IOException {
    FakeWorld w = new FakeWorld();
    Map<String, ImageTransform> blackout = new LinkedHashMap<>();
    blackout.put("none", ImageTransform.identity());
    blackout.put("all", darker(255));
    RobustnessSweepResult r = experiment(w, tmp.resolve("run")).run(RobustnessSweep.builder()
        .detector("strict", "g0", w.new LevelDetector(130))
        .detector("lenient", "g0", w.new LevelDetector(100))
        .testSet("g0", testSet(w))
        .sweep("shift", "grey levels removed from fakes", shiftLevels())
        .sweep("blackout", "blackout", blackout)
        .settings(SETTINGS)
        .build());
    Report report = Report.builder(r).histograms(0).build();
    Path dir = tmp.resolve("report");
    report.writeTo(dir);

    String md = Files.readString(dir.resolve(Report.MARKDOWN));
    assertThat(md).startsWith("# Robustness sweep of strict, lenient on g0\n");
    assertThat(md).contains("## shift (grey levels removed from fakes): AUC\n\n"
        + "Levels, mildest first: `0` = `darker(d=0)`; `30` = `darker(d=30)`;")
        .contains("| detector | 0 | 30 | 58 | 62 |\n|---|---|---|---|---|\n"
            + "| strict | 100.0 | 100.0 | 82.0 | 18.0 |\n| lenient | 100.0 | 100.0 | 82.0 | 18.0 |")
        .contains("## shift (grey levels removed from fakes): TPR@1%FPR\n\n| detector | 0 | 30 |"
            + " 58 | 62 |\n|---|---|---|---|---|\n| strict | 100.0 | 100.0 | 40.0 | 0.0 |")
        .contains("## blackout (blackout): Acc")
        .contains("Under shift, from `0` to `62`: strict AUC 100.0 → 18.0, Acc 100.0 → 50.0, "
            + "TPR@1%FPR 100.0 → 0.0; lenient AUC");
    // The table of every cell shows TPR at 1% FPR beside the other metrics.
    String header = md.lines().filter(l -> l.startsWith("| trained on |")).findFirst()
        .orElseThrow();
    assertThat(header).endsWith("| AUC | EER | TPR@1%FPR |");
    assertThat(md.lines().filter(l -> l.startsWith("| g0 | g0 | shift:58 |")).findFirst()
        .orElseThrow()).contains("| 40.0 [");

    List<String> names = report.figures().stream().map(ReportFigure::title).toList();
    assertThat(names).containsExactly(
        "Robustness: AUC under shift", "Robustness: Acc under shift",
        "Robustness: TPR@1%FPR under shift", "ROC under shift:0", "ROC under shift:62",
        "Robustness: AUC under blackout", "Robustness: Acc under blackout",
        "Robustness: TPR@1%FPR under blackout", "ROC under blackout:none",
        "ROC under blackout:all", "Precision-recall under shift:0", "Reliability under shift:0");
    try (Stream<Path> pngs = Files.list(dir.resolve("figures"))) {
      List<Path> files = pngs.toList();
      assertThat(files).hasSize(names.size());
      for (Path png : files) {
        assertThat(ImageIO.read(png.toFile())).as(png.toString()).isNotNull();
      }
    }

    JsonNode json = new ObjectMapper().readTree(dir.resolve(Report.JSON).toFile());
    JsonNode shift = json.get("sweeps").get("shift");
    assertThat(shift.get("levels").toString()).isEqualTo("[\"0\",\"30\",\"58\",\"62\"]");
    assertThat(shift.get("curves").get("lenient").get("accuracy").toString())
        .isEqualTo("[0.6,0.6,0.6,0.3]");
    assertThat(shift.get("curves").get("strict").get("tpr_at_1pct_fpr").toString())
        .isEqualTo("[1.0,1.0,0.4,0.0]");
  }

  private static RobustnessSweep withTrainer(FakeWorld w) {
    return RobustnessSweep.builder()
        .trainer("trained", w.trainer(), "g0", w.subset("g0", 0, 10, "train"), testSet(w))
        .detector("strict", "g0", w.new LevelDetector(130))
        .testSet("g0", testSet(w))
        .sweep("shift", "grey levels removed from fakes", shiftLevels())
        .settings(SETTINGS)
        .build();
  }

  @Test
  void aCrashedSweepResumesWithoutRetrainingOrRescoringFinishedCells() throws IOException {
    FakeWorld clean = new FakeWorld();
    RobustnessSweepResult expected = experiment(clean, tmp.resolve("a")).run(withTrainer(clean));

    FakeWorld w = new FakeWorld();
    Path dir = tmp.resolve("b");
    // 20 images, batches of 4: 5 scoring calls per cell; crash inside the third cell.
    w.batchBudget.set(12);
    assertThatThrownBy(() -> experiment(w, dir).run(withTrainer(w)))
        .isInstanceOf(IllegalStateException.class).hasMessage("simulated crash");
    assertThat(files(dir.resolve("scores"))).hasSize(2);

    w.batchBudget.set(Long.MAX_VALUE);
    w.imagesScored.set(0);
    w.trainings.set(0);
    List<String> resumed = new java.util.ArrayList<>();
    RobustnessSweepResult again = Experiment.builder().runDirectory(dir).threads(2)
        .detectorLoader(w::load).listener(new ProgressListener() {
          @Override
          public void onCellResumed(String cellId) {
            resumed.add(cellId);
          }
        }).build().run(withTrainer(w));

    assertThat(resumed).containsExactly("train-trained", "score-train-trained-shift-0",
        "score-train-trained-shift-30");
    assertThat(w.trainings.get()).as("the saved detector is loaded, not retrained").isZero();
    assertThat(w.imagesScored.get()).as("6 of 8 cells scored again").isEqualTo(6 * 20);
    assertThat(again.cells()).isEqualTo(expected.cells());
    assertThat(again.curve("trained", "shift", MetricId.ROC_AUC))
        .containsExactly(new double[] {1.0, 1.0, 0.82, 0.18}, EXACT);
  }

  @Test
  void theBuilderRefusesMissingOrRepeatedParts() {
    FakeWorld w = new FakeWorld();
    assertThatThrownBy(() -> RobustnessSweep.builder().testSet("g0", testSet(w))
        .sweep("shift", "d", shiftLevels()).build())
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("detector");
    assertThatThrownBy(() -> RobustnessSweep.builder()
        .detector("a", "g0", w.new LevelDetector(130)).sweep("shift", "d", shiftLevels()).build())
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("testSet");
    assertThatThrownBy(() -> RobustnessSweep.builder()
        .detector("a", "g0", w.new LevelDetector(130)).testSet("g0", testSet(w)).build())
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("sweeps");
    RobustnessSweep.Builder b = RobustnessSweep.builder()
        .detector("a", "g0", w.new LevelDetector(130));
    assertThatThrownBy(() -> b.detector("a", "g0", w.new LevelDetector(100)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("a detector name");
    b.sweep("shift", "d", shiftLevels());
    assertThatThrownBy(() -> b.sweep("shift", "d", shiftLevels()))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("a sweep name");
    assertThatThrownBy(() -> b.sweep("empty", "d", Map.of()))
        .isInstanceOf(BadArgumentException.class);
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
