package org.genimage.eval.otherprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.genimage.api.ModelProvenance;
import org.genimage.api.TrainingProvenance;
import org.genimage.api.WeightsSource;
import org.genimage.eval.CellResult;
import org.genimage.eval.CellScores;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.RunProvenance;
import org.genimage.eval.metrics.BinaryEvaluation;
import org.genimage.eval.report.Figures;
import org.genimage.eval.report.Report;
import org.genimage.eval.report.ReportCell;
import org.genimage.eval.report.ReportContent;
import org.genimage.eval.report.ReportSection;
import org.genimage.eval.report.ReportTable;
import org.genimage.eval.report.Reportable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A protocol the report code has never heard of, defined here in another package with only the
 * public API: its result describes its own report part, and the Markdown, CSV and JSON writers
 * render it unchanged.
 */
class NewProtocolReportTest {
  @TempDir
  Path tmp;

  /** Noise robustness: one cell per noise level, all trained and tested on "faces". */
  record NoiseResult(ProtocolSettings settings, RunProvenance provenance, List<CellResult> cells,
      Map<String, Integer> sigmas) implements ExperimentResult, Reportable {
    @Override
    public String protocol() {
      return "noise-robustness";
    }

    /** The paper of this made-up protocol reports 97.5% at low noise only. */
    static OptionalDouble paper(CellResult c) {
      return c.condition().equals("noise-low") ? OptionalDouble.of(97.5) : OptionalDouble.empty();
    }

    @Override
    public ReportContent reportContent() {
      List<List<ReportCell>> rows = cells.stream().map(c -> List.of(ReportCell.text(c.condition()),
          ReportCell.percent(c.accuracy()), ReportCell.paper(paper(c)))).toList();
      return ReportContent.builder(this)
          .title("Noise robustness of " + cells.get(0).detector())
          .section(ReportSection.of("Accuracy per noise level",
              new ReportTable(List.of("noise", "Acc", "paper"), rows)))
          .summary("Accuracy drop from low to high noise: " + ReportCell.percent(
              cells.get(0).accuracy() - cells.get(1).accuracy()).format() + " points.")
          .paperAccuracy(NoiseResult::paper)
          .note("Noise is Gaussian; sigma in grey levels.")
          .figure(Figures.accuracyBars("Noise robustness: accuracy per level", "Noise robustness",
              "noise", cells.stream().map(c -> new Figures.Bar(c.condition(), c, paper(c)))
                  .toList(), false))
          .data("sigmas", sigmas)
          .build();
    }
  }

  /** The same cells from a result that does not describe itself. */
  record PlainResult(ProtocolSettings settings, RunProvenance provenance, List<CellResult> cells)
      implements ExperimentResult {
    @Override
    public String protocol() {
      return "noise-robustness";
    }
  }

  private static CellResult cell(String condition, float... scores) {
    int[] labels = {0, 0, 1, 1};
    List<String> ids = List.of("r0", "r1", "f0", "f1");
    String id = "score-faces-" + condition;
    return new CellResult(id, "level", "faces", "faces", "sha256:00", condition,
        "gaussian_noise", BinaryEvaluation.of(labels, scores, ProtocolSettings.defaults()
            .evaluation()), new CellScores(id, "print", ids, labels, scores, List.of()));
  }

  private static final List<CellResult> CELLS = List.of(
      cell("noise-low", 0.1f, 0.2f, 0.8f, 0.9f),     // every image right: 100%
      cell("noise-high", 0.1f, 0.6f, 0.4f, 0.9f));   // one real and one fake wrong: 50%

  private static final RunProvenance PROVENANCE = new RunProvenance("test", "17",
      "noise-robustness", Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

  @Test
  void eachModelsTypedProvenanceIsInTheMarkdownAndJson() throws IOException {
    TrainingProvenance trained = new TrainingProvenance("sgd-test", 7, 10, 6, 4, "sha256:aa", "sha256:bb",
        Map.of("auc", 0.9), "onednn", WeightsSource.imported("start.pth", "c".repeat(64)), Map.of());
    Map<String, ModelProvenance> models = Map.of(
        "level", new ModelProvenance("0.1.0", "resnet", "resnet-small", Map.of("width", "8"),
            WeightsSource.of(WeightsSource.Kind.TRAINED), "d".repeat(64), trained, Map.of()),
        "published", new ModelProvenance("0.1.0", "npr", "npr", Map.of(),
            WeightsSource.imported("NPR.pth", "e".repeat(64)), "f".repeat(64), null, Map.of()));
    RunProvenance withModels = new RunProvenance("test", "17", "noise-robustness", Map.of(), Map.of(), Map.of(),
        Map.of(), Map.of(), models);
    Report.builder(new NoiseResult(ProtocolSettings.defaults(), withModels, CELLS, Map.of("noise-low", 5,
        "noise-high", 40))).histograms(0).build().writeTo(tmp);

    String md = Files.readString(tmp.resolve(Report.MARKDOWN));
    assertThat(md).contains("### Models\n\n- **level**: resnet `resnet-small`, weights trained here, digest `"
        + "d".repeat(64) + "`; trained by sgd-test (seed 7, 6 of 10 epochs, kept epoch 4) on `sha256:aa`, "
        + "validated on `sha256:bb`, starting from weights imported from `start.pth` (sha256 `" + "c".repeat(64)
        + "`)\n- **published**: npr `npr`, weights imported from `NPR.pth` (sha256 `" + "e".repeat(64) + "`)");
    JsonNode json = new ObjectMapper().readTree(tmp.resolve(Report.JSON).toFile());
    JsonNode published = json.get("provenance").get("models").get("published");
    assertThat(published.get("weights").get("file").asText()).isEqualTo("NPR.pth");
    assertThat(json.get("provenance").get("models").get("level").get("training").get("bestEpoch").asInt())
        .isEqualTo(4);
  }

  @Test
  void aProtocolUnknownToTheWritersIsRenderedInEveryFormat() throws IOException {
    NoiseResult r = new NoiseResult(ProtocolSettings.defaults(), PROVENANCE, CELLS,
        Map.of("noise-low", 5, "noise-high", 40));
    Report report = Report.builder(r).histograms(0).build();
    List<Path> files = report.writeTo(tmp);

    String md = Files.readString(tmp.resolve(Report.MARKDOWN));
    assertThat(md).startsWith("# Noise robustness of level\n");
    assertThat(md).contains("## Accuracy per noise level\n\n| noise | Acc | paper |\n|---|---|---|\n"
        + "| noise-low | 100.0 | *97.5* |\n| noise-high | 50.0 |  |\n");
    assertThat(md.indexOf("## Accuracy per noise level")).isLessThan(md.indexOf("## All metrics"));
    // The generic table of every cell gets the protocol's paper column.
    assertThat(md).contains(" paper acc |");
    assertThat(md.lines().filter(l -> l.startsWith("| faces | faces | noise-low |")).findFirst()
        .orElseThrow()).endsWith("| *97.5* |");
    assertThat(md).contains("Accuracy drop from low to high noise: 50.0 points.")
        .contains("- Noise is Gaussian; sigma in grey levels.")
        .contains("![Noise robustness: accuracy per level](figures/noise-robustness-accuracy-per-"
            + "level.png)")
        .doesNotContain("Fake or JPEG?");

    List<String> csv = Files.readAllLines(tmp.resolve(Report.CSV));
    assertThat(csv).hasSize(3);
    assertThat(csv.get(1)).startsWith("noise-robustness,score-faces-noise-low,").endsWith(",0.975");
    assertThat(csv.get(2)).startsWith("noise-robustness,score-faces-noise-high,").endsWith(",");

    JsonNode json = new ObjectMapper().readTree(tmp.resolve(Report.JSON).toFile());
    assertThat(json.get("title").asText()).isEqualTo("Noise robustness of level");
    assertThat(json.get("protocol").asText()).isEqualTo("noise-robustness");
    JsonNode table = json.get("sections").get(0).get("table");
    assertThat(table.get("header").toString()).isEqualTo("[\"noise\",\"Acc\",\"paper\"]");
    assertThat(table.get("rows").get(0).toString()).isEqualTo("[\"noise-low\",1.0,0.975]");
    assertThat(table.get("rows").get(1).get(2).isNull()).isTrue();
    assertThat(json.get("cells").get(0).get("paperAccuracyPercent").asDouble()).isEqualTo(97.5);
    assertThat(json.get("cells").get(1).has("paperAccuracyPercent")).isFalse();
    assertThat(json.get("sigmas").get("noise-high").asInt()).isEqualTo(40);
    assertThat(json.get("notes").get(0).asText()).startsWith("Noise is Gaussian");
    assertThat(json.get("summary").get(0).asText()).contains("50.0 points");
    assertThat(json.has("fakeOrJpegNote")).isFalse();

    assertThat(files).hasSize(3 + 1);
    assertThat(ImageIO.read(tmp.resolve("figures/noise-robustness-accuracy-per-level.png")
        .toFile())).isNotNull();
  }

  @Test
  void aResultThatDescribesNothingGetsTheGenericReport() throws IOException {
    Report report = Report.builder(new PlainResult(ProtocolSettings.defaults(), PROVENANCE, CELLS))
        .build();
    assertThat(report.title()).isEqualTo("noise-robustness evaluation of level");
    assertThat(report.markdown()).contains("## All metrics").doesNotContain("paper acc")
        .doesNotContain("## Accuracy per noise level");
    assertThat(report.csv().lines().skip(1)).allMatch(l -> l.endsWith(","));
    JsonNode json = new ObjectMapper().readTree(report.json());
    assertThat(json.get("cells")).hasSize(2);
    assertThat(json.has("sections")).isFalse();
    assertThat(report.figures()).hasSize(2); // the two score histograms only
  }
}
