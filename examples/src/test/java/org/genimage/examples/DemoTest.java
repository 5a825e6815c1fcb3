package org.genimage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.metrics.MetricId;
import org.genimage.eval.protocol.RobustnessSweepResult;
import org.genimage.eval.report.Report;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.spec.Spec;
import org.genimage.examples.cli.GenImageCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end at the README's sizes ({@link DemoOptions#defaults}: 64 pixels, 64 training
 * and 32 val images per label, 8 epochs) with three of its detectors: the pattern the README
 * describes (near perfect on the training generator, a drop on the others, chance under strong
 * down-sampling and blur), data written, a small ResNet and a Spec trained and saved, both protocols
 * run, every report file written and its pictures decodable, an unknown detector refused before any
 * work; then the saved detector works with {@code detect --model} and an {@code evaluate} run resumes
 * from its run directory.
 */
class DemoTest {
  @TempDir
  static Path tmp;
  static DemoOptions options;
  static Demo.Result result;

  @BeforeAll
  static void runDemo() {
    options = DemoOptions.defaults(tmp.resolve("demo"))
        .withDetectors(List.of("resnet", "spec", "periodic-artifact"));
    result = Demo.run(options, Progress.NONE);
  }

  /**
   * The README's "What the demo shows", read from the run's own figures. Bounds leave 5 to 10
   * points of margin around the seeded run; a detector that scores at random fails the first, one
   * that is always right fails the last two.
   */
  @Test
  void theReadmesPatternHolds() {
    System.out.println(result.summaryTable());
    for (Demo.DetectorSummary s : result.detectors()) {
      String d = s.detector();
      Map<String, Double> cross = s.crossAccuracy();
      double inDomain = cross.get("biggan");
      // near perfect on the generator it was trained on (the training-free score: the x2 grid it looks for)
      assertThat(inDomain).as(d + " on biggan").isGreaterThanOrEqualTo(0.9);
      assertThat(s.degradedAccuracy().get("clean")).as(d + " clean").isGreaterThanOrEqualTo(0.9);
      // drops on the others: at least one other generator at chance, 30 points or more below
      double worstOther = cross.entrySet().stream().filter(e -> !e.getKey().equals("biggan"))
          .mapToDouble(Map.Entry::getValue).min().orElseThrow();
      assertThat(worstOther).as(d + " worst other generator " + cross).isBetween(0.35, 0.65);
      assertThat(inDomain - worstOther).as(d + " cross-generator drop").isGreaterThanOrEqualTo(0.3);
      // chance under the strongest down-sampling and blur, which erase the x2 trace
      for (String condition : List.of("lowResolution16", "blurSigma2")) {
        assertThat(s.degradedAccuracy().get(condition)).as(d + " " + condition)
            .isBetween(0.35, 0.65);
      }
    }
  }

  @Test
  void summaryCoversEveryDetector() throws Exception {
    assertThat(result.detectors()).extracting(Demo.DetectorSummary::detector)
        .containsExactly("resnet", "spec", "periodic-artifact");
    assertThat(result.report()).isRegularFile();
    String md = Files.readString(result.report());
    assertThat(md).contains("Cross-generator accuracy", "resnet", "spec", "periodic-artifact",
        "![");
    assertThat(md).contains("![accuracy of every detector", Demo.SUMMARY_FIGURE);
    var picture = ImageIO.read(result.report().resolveSibling(Demo.SUMMARY_FIGURE).toFile());
    assertThat(picture).isNotNull();
    assertThat(picture.getWidth()).isGreaterThan(picture.getHeight());
    assertThat(result.report().resolveSibling("summary.csv")).isRegularFile();
    assertThat(result.report().resolveSibling("summary.json")).isRegularFile();
    for (Demo.DetectorSummary s : result.detectors()) {
      assertThat(s.crossAccuracy()).containsOnlyKeys("midjourney", "sd14", "vqdm", "biggan");
      assertThat(s.trainedOn()).isIn("sim-biggan", "none");
      assertThat(s.crossAccuracy().values()).allMatch(v -> v >= 0 && v <= 1);
      assertThat(s.degradedAccuracy()).containsKeys("clean", "jpeg30", "blurSigma2");
      assertThat(s.degradedAccuracy()).hasSize(7);
    }
    assertThat(result.summaryTable()).contains("trained on", "clean", "jpeg30");
  }

  /**
   * The JPEG robustness sweep of every detector: its curves, ROC and reliability pictures are
   * written and embedded in the summary, and TPR at 1% FPR is printed beside AUC.
   */
  @Test
  void theRobustnessSweepShowsCurvesRocReliabilityAndTprAtOnePercentFpr() throws Exception {
    RobustnessSweepResult r = result.robustness();
    assertThat(r.detectors()).containsExactly("resnet", "spec", "periodic-artifact");
    assertThat(r.sweeps()).singleElement().extracting(RobustnessSweepResult.Sweep::levels)
        .isEqualTo(List.of("100", "70", "50", "30"));
    for (String d : r.detectors()) {
      double[] tpr = r.curve(d, "jpeg", MetricId.TPR_AT_1PCT_FPR);
      double[] auc = r.curve(d, "jpeg", MetricId.ROC_AUC);
      assertThat(tpr).as(d).hasSize(4);
      // The ROC curve stays at or above TPR@1%FPR from 1% FPR on, so its area is at least
      // 0.99 times that rate.
      for (int i = 0; i < 4; i++) {
        assertThat(tpr[i]).as(d + " level " + i).isBetween(0.0, 1.0);
        assertThat(auc[i]).as(d + " level " + i).isGreaterThanOrEqualTo(0.99 * tpr[i] - 1e-12);
      }
    }
    Path dir = result.report().resolveSibling(Demo.ROBUSTNESS);
    List<String> pictures = List.of("robustness-auc-under-jpeg.png",
        "robustness-acc-under-jpeg.png", "robustness-tpr-1-fpr-under-jpeg.png",
        "roc-under-jpeg-100.png", "roc-under-jpeg-30.png", "reliability-under-jpeg-100.png");
    for (String f : pictures) {
      assertThat(ImageIO.read(dir.resolve("figures").resolve(f).toFile())).as(f).isNotNull();
    }
    String summary = Files.readString(result.report());
    assertThat(summary).contains("## Robustness to JPEG", "TPR@1%FPR");
    for (String f : pictures) {
      assertThat(summary).contains("](" + Demo.ROBUSTNESS + "/figures/" + f + ")");
    }
    assertThat(Files.readString(dir.resolve(Report.MARKDOWN))).contains("| TPR@1%FPR |");
    assertThat(Files.readString(result.detectors().get(0).crossReport()))
        .contains("| TPR@1%FPR |");
    assertThat(result.summaryTable()).contains("TPR@1%FPR", "q100", "q30");
  }

  @Test
  void anUnknownDetectorIsRefusedBeforeAnyWork() {
    Path work = tmp.resolve("refused");
    DemoOptions o = DemoOptions.tiny(work).withDetectors(List.of("resnet", "no-such-net"));
    assertThatThrownBy(() -> Demo.run(o, Progress.NONE))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("no-such-net")
        .hasMessageContaining("spec");
    assertThat(work).doesNotExist();
  }

  @Test
  void resultsItDidNotWriteThisWayAreRecomputedWithAWarning() throws Exception {
    Path work = tmp.resolve("stale");
    DemoOptions o = DemoOptions.tiny(work).withDetectors(List.of("periodic-artifact"));
    Demo.Result first = Demo.run(o, Progress.NONE);
    Path scores = work.resolve("runs/periodic-artifact/cross-generator/scores");
    Path edited;
    try (var files = Files.list(scores)) {
      edited = files.filter(f -> f.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
    }
    String json = Files.readString(edited);
    // Another valid number in place of the first score: what an earlier version's result looks like to the runner.
    String changed = json.replaceFirst("(\\d)\\.(\\d)", "$1.7$2");
    assertThat(changed).isNotEqualTo(json);
    Files.writeString(edited, changed);
    List<String> warnings = new java.util.ArrayList<>();
    Demo.Result second = Demo.run(o, new Progress() {
      @Override
      public void warning(String text) {
        warnings.add(text);
      }
    });
    assertThat(warnings).singleElement().asString().contains(edited.getFileName().toString())
        .contains("the demo recomputes");
    assertThat(second.summaryTable()).isEqualTo(first.summaryTable());
    assertThat(Files.readString(edited)).isNotEqualTo(changed);
  }

  @Test
  void theSpecDetectorIsSavedAsItsRegisteredFamily() {
    Path spec = Demo.savedDetector(tmp.resolve("demo"), "spec", "biggan");
    try (Detector d = Detectors.load(spec)) {
      assertThat(d).isInstanceOf(NetworkDetector.class);
      Architecture a = ((NetworkDetector) d).architecture();
      assertThat(a.family()).isEqualTo(Spec.FAMILY);
      assertThat(a).isEqualTo(DetectorRecipes.smallSpec(options.imageSize()));
    }
  }

  @Test
  void everyReportHasMarkdownCsvJsonAndDecodablePictures() throws Exception {
    for (Demo.DetectorSummary s : result.detectors()) {
      for (Path md : List.of(s.crossReport(), s.degradedReport())) {
        Path dir = md.getParent();
        assertThat(dir.resolve(Report.MARKDOWN)).isRegularFile();
        assertThat(dir.resolve(Report.CSV)).isRegularFile();
        assertThat(dir.resolve(Report.JSON)).isRegularFile();
        try (var pngs = Files.list(dir.resolve("figures"))) {
          List<Path> files = pngs.toList();
          assertThat(files).isNotEmpty();
          for (Path png : files) {
            assertThat(ImageIO.read(png.toFile())).as(png.toString()).isNotNull();
          }
        }
      }
    }
    assertThat(result.detectors().get(0).crossReport().getParent().resolve("figures"))
        .isDirectoryContaining(p -> p.getFileName().toString().startsWith("average-residual"));
  }

  @Test
  void theSavedDetectorScoresImagesThroughDetectModel() throws Exception {
    Path model = savedModel();
    Path images = result.data().resolve("VQDM/imagenet_ai_0419_vqdm/val/ai");
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    int code = GenImageCli.execute(new java.io.PrintStream(out, true),
        new java.io.PrintStream(err, true), "detect", "-q", "--model", model.toString(),
        images.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("detector: resnet");
    // A ResNet scores on the oneDNN plan wherever oneDNN loads.
    assertThat(out.toString()).containsPattern(org.genimage.detectors.onednn.OneDnn.available()
        ? "engine: oneDNN [0-9.]+ inference plan, batch " : "engine: SameDiff");
    // Reports of simulated data never carry the paper's published figures.
    assertThat(Files.readString(result.detectors().get(0).degradedReport()))
        .doesNotContain("paper acc", "Paper figures");
    assertThat(out.toString().lines().filter(l -> l.contains(".png")).count())
        .isEqualTo(options.valPerLabel());
    var sameDiff = new java.io.ByteArrayOutputStream();
    int asked = GenImageCli.execute(new java.io.PrintStream(sameDiff, true), new java.io.PrintStream(err, true),
        "detect", "-q", "--model", model.toString(), "--engine", "samediff", "--batch-size", "2", images.toString());
    assertThat(asked).as(err.toString()).isZero();
    assertThat(sameDiff.toString()).contains("engine: SameDiff (requested)");
    assertThat(sameDiff.toString().lines().filter(l -> l.contains(".png")).count())
        .isEqualTo(options.valPerLabel());
    int refused = GenImageCli.execute(new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true),
        new java.io.PrintStream(err, true), "detect", "-q", "--model", model.toString(), "--engine", "tensorrt",
        images.toString());
    assertThat(refused).isEqualTo(2);
    assertThat(err.toString()).contains("tensorrt");
  }

  @Test
  void evaluateResumesFromItsRunDirectory() {
    Path runDir = tmp.resolve("eval-run");
    Evaluate.Request req = new Evaluate.Request(Evaluate.ProtocolName.DEGRADED, result.data(),
        null, savedModel(), List.of("biggan"), TrainingSettings.small(), java.util.Map.of(),
        "small", new int[] {10}, 2, java.util.Map.of(), ProtocolSettings.defaults(), runDir, 2);
    List<String> resumed = new java.util.ArrayList<>();
    Progress counting = new Progress() {
      @Override
      public void onCellResumed(String cellId) {
        resumed.add(cellId);
      }
    };
    Evaluate.Outcome first = Evaluate.run(req, counting);
    assertThat(resumed).isEmpty();
    assertThat(first.report()).isRegularFile();
    Evaluate.Outcome second = Evaluate.run(req, counting);
    assertThat(resumed).hasSize(7); // the clean baseline and six degradations, none recomputed
    for (int i = 0; i < first.result().cells().size(); i++) {
      assertThat(second.result().cells().get(i).accuracy())
          .isEqualTo(first.result().cells().get(i).accuracy());
    }
  }

  private static Path savedModel() {
    Path model = Demo.savedDetector(tmp.resolve("demo"), "resnet", "biggan");
    assertThat(model).isRegularFile();
    return model;
  }
}
