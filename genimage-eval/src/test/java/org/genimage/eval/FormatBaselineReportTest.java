package org.genimage.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.genimage.api.BiasControl;
import org.genimage.api.Dataset;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.Sample;
import org.genimage.eval.metrics.EvaluationOptions;
import org.genimage.eval.metrics.FormatBaseline;
import org.genimage.eval.metrics.RocAuc;
import org.genimage.eval.protocol.CrossGeneratorResult;
import org.genimage.eval.report.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format-only baseline in results and every report format: shown with a warning where reals
 * are JPEG and fakes PNG, shown without one where the formats are mixed, absent (null in the JSON)
 * where every image has one format, and absent under a bias control that JPEG-compresses fakes.
 */
class FormatBaselineReportTest {
  @TempDir
  Path tmp;

  private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults()
      .withEvaluation(EvaluationOptions.defaults().withBootstrap(40, 0.95, 5));

  @Test
  void jpegRealsAndPngFakesGetTheBaselineAndTheWarningInEveryFormat() throws Exception {
    FakeWorld w = new FakeWorld();
    w.realExtension = "JPEG";
    CrossGeneratorResult r = w.crossGenerator(tmp.resolve("run"), SETTINGS);
    for (CellResult c : r.cells()) {
      FormatBaseline b = c.formatBaseline().orElseThrow();
      assertThat(b.rocAuc()).isEqualTo(1.0);
      assertThat(b.realLossy()).isEqualTo(8);
      assertThat(b.fakeLossless()).isEqualTo(8);
      assertThat(b.interval().orElseThrow().replicates()).isEqualTo(40);
    }
    Report report = Report.builder(r).histograms(0).build();

    String md = report.markdown();
    String header = md.lines().filter(l -> l.startsWith("| trained on | tested on |")).findFirst()
        .orElseThrow();
    assertThat(header).contains("| AUC | format-only AUC |");
    assertThat(md.lines().filter(l -> l.startsWith("| sd14 | biggan |")).findFirst()
        .orElseThrow()).contains("| **100.0** [100.0, 100.0] |");
    assertThat(md).contains("**Format-only baseline.**")
        .contains("**Warning** (score-sd14-on-biggan): file format alone separates real from fake"
            + " here (format-only AUC 1.000; reals: 8 lossy, 0 lossless; fakes: 0 lossy, 8"
            + " lossless)");

    List<String> csv = report.csv().lines().toList();
    List<String> columns = Arrays.asList(csv.get(0).split(","));
    int auc = columns.indexOf("format_baseline_auc");
    assertThat(auc).isPositive();
    assertThat(columns.get(auc + 3)).isEqualTo("format_separates");
    assertThat(columns.get(columns.size() - 1)).isEqualTo("paper_accuracy");
    String[] row = csv.get(1).split(",", -1);
    assertThat(row).hasSize(columns.size());
    assertThat(row[auc]).isEqualTo("1.0");
    assertThat(row[auc + 3]).isEqualTo("true");

    JsonNode json = new ObjectMapper().readTree(report.json());
    JsonNode b = json.get("cells").get(0).get("formatBaseline");
    assertThat(b.get("rocAuc").asDouble()).isEqualTo(1.0);
    assertThat(b.get("formatSeparates").asBoolean()).isTrue();
    assertThat(b.get("warning").asText()).startsWith("file format alone separates real from fake");
    assertThat(b.get("real").get("lossy").asInt()).isEqualTo(8);
    assertThat(b.get("fake").get("lossless").asInt()).isEqualTo(8);
    assertThat(b.get("interval").get("replicates").asInt()).isEqualTo(40);
    assertThat(json.get("formatBaselineNote").asText()).contains("format-only AUC");
  }

  @Test
  void oneFormatShowsNothingAndTheJsonSaysNull() throws Exception {
    CrossGeneratorResult r = new FakeWorld().crossGenerator(tmp.resolve("run"), SETTINGS); // every file a .png
    assertThat(r.cells()).allSatisfy(c -> assertThat(c.formatBaseline()).isEmpty());
    Report report = Report.builder(r).histograms(0).build();
    assertThat(report.markdown()).doesNotContain("format-only").doesNotContain("Format-only");
    JsonNode json = new ObjectMapper().readTree(report.json());
    assertThat(json.has("formatBaselineNote")).isFalse();
    for (JsonNode c : json.get("cells")) {
      assertThat(c.has("formatBaseline")).isTrue();
      assertThat(c.get("formatBaseline").isNull()).isTrue();
    }
    List<String> csv = report.csv().lines().toList();
    int auc = Arrays.asList(csv.get(0).split(",")).indexOf("format_baseline_auc");
    String[] row = csv.get(1).split(",", -1);
    assertThat(Arrays.copyOfRange(row, auc, auc + 4)).containsOnly("");
  }

  /** Half the reals renamed .png: the baseline is shown, below the warning, equal to RocAuc. */
  @Test
  void mixedFormatsGetTheBaselineWithoutAWarning() {
    FakeWorld w = new FakeWorld();
    w.realExtension = "jpg";
    Dataset base = w.subset("mix", 0, 10, "val");
    List<Sample> samples = new ArrayList<>();
    for (Sample s : base.samples()) {
      boolean rename = s.label() == Label.REAL && s.imageNetClass() % 2 == 0;
      String id = rename ? s.id().replace(".jpg", ".png") : s.id();
      samples.add(new Sample(id, Path.of(id), s.label(), s.generator(), s.imageNetClass()));
    }
    Dataset mixed = Dataset.of("mix/val", samples, base::load);
    RunOutcome o = run(mixed, SETTINGS);
    CellResult c = o.cell("score-mix");
    FormatBaseline b = c.formatBaseline().orElseThrow();
    int[] labels = c.scores().labels();
    double[] isLossless = c.scores().sampleIds().stream()
        .mapToDouble(id -> id.endsWith(".png") ? 1 : 0).toArray();
    assertThat(b.rocAuc()).isCloseTo(RocAuc.of(labels, isLossless), within(1e-12))
        .isCloseTo(0.75, within(1e-12));
    assertThat(b.realLossless()).isEqualTo(5);
    assertThat(b.realLossy()).isEqualTo(5);
    assertThat(b.formatSeparates()).isFalse();
    // The detector's AUC is reported as before, beside it.
    assertThat(c.evaluation().rocAuc()).isEqualTo(1.0);
  }

  /** Under jpeg96 every fake reaches the detector as a JPEG: one format, no baseline. */
  @Test
  void aJpegBiasControlLeavesOneFormatAndNoBaseline() {
    FakeWorld w = new FakeWorld();
    w.realExtension = "JPEG";
    Dataset test = w.subset("sd14", 0, 6, "val");
    assertThat(run(test, SETTINGS).cell("score-mix").formatBaseline()).isPresent();
    // Executed directly (no provider needed): the baseline reads the control from the settings.
    ProtocolSettings jpeg = SETTINGS.withBiasControl(BiasControl.parse("jpeg96"));
    assertThat(run(test, jpeg).cell("score-mix").formatBaseline()).isEmpty();
  }

  private RunOutcome run(Dataset test, ProtocolSettings settings) {
    FakeWorld w = new FakeWorld();
    ExperimentPlan plan = new ExperimentPlan(List.of(), Map.of("given",
        new ExperimentPlan.GivenDetector(w.new LevelDetector(130), "sd14")),
        List.of(new ScoreCell("score-mix", "given", "mix", test, ScoreCell.CLEAN,
            ImageTransform.identity())), settings);
    return Experiment.builder().runDirectory(tmp.resolve("run-" + settings.biasControl().text()))
        .threads(1).build().execute("format", plan);
  }
}
