package org.genimage.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.genimage.api.Checks;
import org.genimage.api.Generator;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.RunProvenance;
import org.genimage.eval.metrics.BinaryEvaluation;
import org.genimage.eval.metrics.ConfidenceInterval;
import org.genimage.eval.metrics.MetricId;
import org.genimage.eval.protocol.ClassCountResult;
import org.genimage.eval.protocol.CrossContentResult;
import org.genimage.eval.protocol.CrossGeneratorResult;
import org.genimage.eval.protocol.DegradedResult;

/**
 * A report of one result: Markdown for people, CSV for spreadsheets, JSON for programs, and PNG
 * figures. Every table shows real accuracy, fake accuracy, AP and AUC beside accuracy (a 0.5
 * threshold is often miscalibrated); the oracle accuracy, when computed, is labelled as such; where
 * a run matches one of the paper's published settings its figure is printed beside ours; GenImage
 * runs carry the "Fake or JPEG?" note.
 *
 * <pre>{@code
 * Report report = Report.builder(result)
 *     .title("ResNet-50 trained on SD V1.4")
 *     .figure(spectralFigure)          // optional figures from other modules
 *     .build();
 * List<Path> files = report.writeTo(Path.of("runs/x/report"));
 * System.out.println(report.markdown());
 * }</pre>
 */
public final class Report {
  /** The Markdown file's name in the output folder. */
  public static final String MARKDOWN = "report.md";
  /** The CSV file's name (one row per cell). */
  public static final String CSV = "cells.csv";
  /** The JSON file's name. */
  public static final String JSON = "result.json";

  private static final MetricId[] SHOWN = {MetricId.ACCURACY, MetricId.REAL_ACCURACY,
      MetricId.FAKE_ACCURACY, MetricId.AVERAGE_PRECISION, MetricId.ROC_AUC, MetricId.EER};

  private final ExperimentResult result;
  private final String title;
  private final List<ReportFigure> figures;

  private Report(Builder b) {
    this.result = b.result;
    this.title = b.title != null ? b.title : defaultTitle(b.result);
    List<ReportFigure> f = new ArrayList<>(defaultFigures(b.result, b.histograms));
    f.addAll(b.extra);
    this.figures = List.copyOf(f);
  }

  /**
   * A builder for a result's report.
   *
   * @param result the result
   * @return a new builder
   */
  public static Builder builder(ExperimentResult result) {
    return new Builder(Checks.notNull("result", result));
  }

  /**
   * The figures this report draws, the api's own first.
   *
   * @return an immutable list
   */
  public List<ReportFigure> figures() {
    return figures;
  }

  private static String defaultTitle(ExperimentResult r) {
    String detector = r.cells().get(0).detector();
    return switch (r.protocol()) {
      case "cross-generator" -> "Cross-generator evaluation of " + detector;
      case "degraded" -> "Degraded-image evaluation of " + detector;
      case "class-count" -> "Class-count generalisation of " + detector;
      case "cross-content" -> "Cross-content evaluation of " + detector;
      default -> r.protocol() + " evaluation of " + detector;
    };
  }

  private static List<ReportFigure> defaultFigures(ExperimentResult r, int histograms) {
    List<ReportFigure> f = new ArrayList<>();
    if (r instanceof CrossGeneratorResult c) {
      f.add(Figures.heatmap(c, MetricId.ACCURACY));
      f.add(Figures.heatmap(c, MetricId.ROC_AUC));
    } else if (r instanceof DegradedResult d) {
      f.add(Figures.degradedBars(d));
    } else if (r instanceof ClassCountResult c) {
      f.add(Figures.classCountBars(c));
    } else if (r instanceof CrossContentResult c) {
      f.add(Figures.crossContentBars(c));
    }
    r.cells().stream().limit(histograms).forEach(c -> f.add(Figures.scoreHistogram(c)));
    return f;
  }

  /**
   * Writes {@value #MARKDOWN}, {@value #CSV}, {@value #JSON} and {@code figures/*.png}.
   *
   * @param dir the output folder (created if missing)
   * @return the files written
   * @throws UncheckedIOException if a file cannot be written
   */
  public List<Path> writeTo(Path dir) {
    Checks.notNull("dir", dir);
    List<Path> written = new ArrayList<>();
    try {
      Path figs = dir.resolve("figures");
      Files.createDirectories(figs);
      Files.writeString(dir.resolve(MARKDOWN), markdown(), StandardCharsets.UTF_8);
      written.add(dir.resolve(MARKDOWN));
      Files.writeString(dir.resolve(CSV), csv(), StandardCharsets.UTF_8);
      written.add(dir.resolve(CSV));
      Files.writeString(dir.resolve(JSON), json(), StandardCharsets.UTF_8);
      written.add(dir.resolve(JSON));
      for (ReportFigure f : figureFiles()) {
        Path p = figs.resolve(f.fileName());
        f.writePng(p);
        written.add(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report to " + dir, e);
    }
    return written;
  }

  /** Figures with unique file names (a clash gets a numeric suffix). */
  private List<ReportFigure> figureFiles() {
    Set<String> names = new LinkedHashSet<>();
    List<ReportFigure> out = new ArrayList<>();
    for (ReportFigure f : figures) {
      String name = f.fileName();
      for (int i = 2; !names.add(name); i++) {
        name = f.fileName().replaceAll("\\.png$", "") + "-" + i + ".png";
      }
      String unique = name;
      out.add(new ReportFigure() {
        @Override
        public String title() {
          return f.title();
        }

        @Override
        public void writePng(Path file) {
          f.writePng(file);
        }

        @Override
        public String fileName() {
          return unique;
        }
      });
    }
    return out;
  }

  // ---------------------------------------------------------------- Markdown

  /**
   * The report as Markdown.
   *
   * @return the text
   */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    RunProvenance p = result.provenance();
    md.append("# ").append(title).append("\n\n");
    md.append("Protocol **").append(result.protocol()).append("**, genimage ")
        .append(p.libraryVersion()).append(", Java ").append(p.javaVersion()).append(".\n\n");
    boolean oracle = result.settings().evaluation().oracle();
    md.append("Accuracy is at threshold ").append(result.settings().evaluation().threshold())
        .append(" (FAKE when score > threshold). Real acc and fake acc are the accuracies on each "
            + "class; AP and AUC do not depend on the threshold; EER: lower is better.");
    if (oracle) {
      md.append(" **Oracle acc** uses a threshold tuned on the test labels: an upper bound, not a "
          + "deployable figure.");
    }
    md.append("\n\n");
    md.append("Bias control: ").append(result.settings().biasControl().explain()).append(".\n\n");
    if (result instanceof CrossGeneratorResult c) {
      crossGeneratorTables(md, c);
    } else if (result instanceof DegradedResult d) {
      md.append("## Accuracy per condition\n\nTest set `").append(d.testSet()).append("`, "
          + "degradation applied to: ").append(d.settings().degradationTarget()).append(".\n\n");
    }
    md.append("## All metrics\n\n");
    cellTable(md, oracle);
    if (result instanceof DegradedResult d) {
      md.append("\nMean over the degradations: accuracy ").append(pct(d.average(MetricId.ACCURACY)))
          .append(", AUC ").append(pct(d.average(MetricId.ROC_AUC)));
      OptionalDouble paperAvg = PublishedResults.get().degradedAverage(d.clean().detector());
      if (paperAvg.isPresent() && Reports.paperAccuracy(d, d.degraded().get(0)).isPresent()) {
        md.append(" (paper: ").append(String.format(Locale.ROOT, "%.1f", paperAvg.getAsDouble()))
            .append(")");
      }
      md.append(".\n");
    }
    notes(md);
    if (!figures.isEmpty()) {
      md.append("\n## Figures\n\n");
      for (ReportFigure f : figureFiles()) {
        md.append("![").append(f.title()).append("](figures/").append(f.fileName()).append(")\n\n");
      }
    }
    provenance(md, p);
    return md.toString();
  }

  private void crossGeneratorTables(StringBuilder md, CrossGeneratorResult r) {
    PublishedResults pub = PublishedResults.get();
    String detector = r.cells().get(0).detector();
    md.append("## Accuracy (%), rows trained on, columns tested on\n\n| trained on |");
    r.testedOn().forEach(t -> md.append(' ').append(t).append(" |"));
    md.append(" avg |\n|---|");
    r.testedOn().forEach(t -> md.append("---|"));
    md.append("---|\n");
    for (String row : r.trainedOn()) {
      md.append("| ").append(row).append(" |");
      r.testedOn().forEach(t -> md.append(' ').append(pct(r.cell(row, t).accuracy())).append(" |"));
      md.append(' ').append(pct(r.rowAverage(row, MetricId.ACCURACY))).append(" |\n");
      boolean sd14 = PublishedResults.generatorOf(row).filter(Generator.SD_V1_4::equals).isPresent();
      if (sd14 && pub.paperDetector(detector).isPresent()) {
        md.append("| *paper, ").append(pub.paperDetector(detector).get()).append("* |");
        r.testedOn().forEach(t -> md.append(' ').append(paper(PublishedResults.generatorOf(t)
            .map(g -> pub.crossGeneratorSd14(detector, g)).orElse(OptionalDouble.empty())))
            .append(" |"));
        // The paper's average is over its eight subsets: shown only when we test on all eight.
        md.append(' ').append(allEight(r.testedOn())
            ? paper(pub.crossGeneratorSd14Average(detector)) : "").append(" |\n");
      }
    }
    if (r.trainedOn().size() > 1) {
      md.append("| **column avg** |");
      r.testedOn().forEach(t -> md.append(' ').append(pct(r.columnAverage(t, MetricId.ACCURACY)))
          .append(" |"));
      md.append(' ').append(pct(r.average(MetricId.ACCURACY))).append(" |\n");
      if (r.isFullMatrix() && allEight(r.trainedOn()) && pub.paperDetector(detector).isPresent()) {
        md.append("| *paper 8x8 column mean, ").append(pub.paperDetector(detector).get())
            .append("* |");
        r.testedOn().forEach(t -> md.append(' ').append(paper(PublishedResults.generatorOf(t)
            .map(g -> pub.crossGeneratorColumnMean(detector, g)).orElse(OptionalDouble.empty())))
            .append(" |"));
        md.append(' ').append(paper(pub.crossGeneratorMatrixAverage(detector))).append(" |\n");
      }
    }
    md.append('\n');
  }

  /** Whether names cover the eight GenImage subsets, so the paper's averages are comparable. */
  private static boolean allEight(List<String> names) {
    return names.stream().map(PublishedResults::generatorOf).flatMap(java.util.Optional::stream)
        .collect(java.util.stream.Collectors.toSet()).containsAll(Generator.genImage());
  }

  private void cellTable(StringBuilder md, boolean oracle) {
    boolean anyPaper = result.cells().stream()
        .anyMatch(c -> Reports.paperAccuracy(result, c).isPresent());
    md.append("| trained on | tested on | condition | images | skipped |");
    for (MetricId m : SHOWN) {
      md.append(' ').append(m.shortName()).append(" |");
    }
    if (oracle) {
      md.append(" Oracle acc (tuned on test labels) |");
    }
    if (anyPaper) {
      md.append(" paper acc |");
    }
    md.append("\n|---|---|---|---|---|");
    for (int i = 0; i < SHOWN.length + (oracle ? 1 : 0) + (anyPaper ? 1 : 0); i++) {
      md.append("---|");
    }
    md.append('\n');
    for (CellResult c : result.cells()) {
      BinaryEvaluation e = c.evaluation();
      md.append("| ").append(c.trainedOn()).append(" | ").append(c.testSet()).append(" | ")
          .append(c.condition()).append(" | ").append(e.samples()).append(" | ")
          .append(c.skipped().size()).append(" |");
      for (MetricId m : SHOWN) {
        md.append(' ').append(m == MetricId.EER ? fraction(e.get(m)) : pct(e.get(m)));
        e.interval(m).ifPresent(ci -> md.append(" [").append(m == MetricId.EER
            ? fraction(ci.lower()) + ", " + fraction(ci.upper())
            : pct(ci.lower()) + ", " + pct(ci.upper())).append(']'));
        md.append(" |");
      }
      if (oracle) {
        md.append(' ').append(e.oracleAccuracy().map(Report::pct).orElse("-")).append(" (t=")
            .append(String.format(Locale.ROOT, "%.3f", e.oracleThreshold())).append(") |");
      }
      if (anyPaper) {
        md.append(' ').append(paper(Reports.paperAccuracy(result, c))).append(" |");
      }
      md.append('\n');
    }
    if (result.settings().evaluation().bootstrapReplicates() > 0) {
      md.append("\nIn brackets: ").append(Math.round(100 * result.settings().evaluation()
          .confidenceLevel())).append("% stratified bootstrap intervals (")
          .append(result.settings().evaluation().bootstrapReplicates()).append(" replicates, seed ")
          .append(result.settings().evaluation().seed()).append(").\n");
    }
  }

  private void notes(StringBuilder md) {
    List<String> notes = new ArrayList<>();
    if (Reports.touchesGenImage(result) && !(result instanceof ClassCountResult)) {
      notes.add("**Fake or JPEG?** " + PublishedResults.get().fakeOrJpegNote());
    }
    if (result.cells().stream().anyMatch(c -> Reports.paperAccuracy(result, c).isPresent())) {
      notes.add("Paper figures: " + PublishedResults.get().source() + ". They were measured on the "
          + "real GenImage release; compare only when this run used it too."
          + (result.settings().biasControl().isNone() ? "" : " They were measured without bias"
              + " control; this run used " + result.settings().biasControl().text() + "."));
    }
    List<CellResult> withSkips = result.cells().stream().filter(c -> !c.skipped().isEmpty())
        .toList();
    if (!withSkips.isEmpty()) {
      StringBuilder s = new StringBuilder("Images skipped because they could not be loaded:");
      for (CellResult c : withSkips) {
        c.skipped().stream().limit(10).forEach(k -> s.append("\n  - `").append(k.path())
            .append("` (").append(c.cellId()).append("): ").append(k.problem()));
        if (c.skipped().size() > 10) {
          s.append("\n  - ... and ").append(c.skipped().size() - 10).append(" more in ")
              .append(c.cellId());
        }
      }
      notes.add(s.toString());
    }
    if (!notes.isEmpty()) {
      md.append("\n## Notes\n\n");
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
  }

  private static void provenance(StringBuilder md, RunProvenance p) {
    md.append("\n## Provenance\n\n### Settings\n\n");
    p.settings().forEach((k, v) -> md.append("- ").append(k).append(": `").append(v).append("`\n"));
    md.append("\n### Detectors\n\n");
    p.detectors().forEach((k, v) -> {
      md.append("- **").append(k).append("**");
      v.forEach((a, b) -> md.append("; ").append(a).append(": `").append(b).append('`'));
      md.append('\n');
    });
    if (!p.trainers().isEmpty()) {
      md.append("\n### Training runs\n\n");
      p.trainers().forEach((k, v) -> {
        md.append("- **").append(k).append("**");
        v.forEach((a, b) -> md.append("; ").append(a).append(": `").append(b).append('`'));
        md.append('\n');
      });
    }
    md.append("\n### Datasets (manifest hash over sorted sample ids and labels)\n\n");
    p.datasets().forEach((k, v) -> md.append("- `").append(k).append("`: ").append(v).append('\n'));
    md.append("\n### Conditions\n\n");
    p.conditions().forEach((k, v) -> md.append("- ").append(k).append(": `").append(v)
        .append("`\n"));
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", 100 * v);
  }

  private static String fraction(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String paper(OptionalDouble v) {
    return v.isPresent() ? String.format(Locale.ROOT, "*%.1f*", v.getAsDouble()) : "";
  }

  // ---------------------------------------------------------------- CSV and JSON

  /**
   * One CSV row per cell: identity, counts, every metric with its interval, the paper's accuracy.
   *
   * @return the CSV text with a header line
   */
  public String csv() {
    StringBuilder s = new StringBuilder("protocol,cell_id,detector,trained_on,test_set,"
        + "test_manifest_hash,condition,condition_description,samples,real,fake,skipped,threshold");
    for (MetricId m : MetricId.values()) {
      s.append(',').append(m.id()).append(',').append(m.id()).append("_lower,").append(m.id())
          .append("_upper");
    }
    s.append(",paper_accuracy\n");
    for (CellResult c : result.cells()) {
      BinaryEvaluation e = c.evaluation();
      s.append(String.join(",", csvField(result.protocol()), csvField(c.cellId()),
          csvField(c.detector()), csvField(c.trainedOn()), csvField(c.testSet()),
          csvField(c.testManifestHash()), csvField(c.condition()),
          csvField(c.conditionDescription()), Integer.toString(e.samples()),
          Integer.toString(e.realSamples()), Integer.toString(e.fakeSamples()),
          Integer.toString(c.skipped().size()), Double.toString(e.threshold())));
      for (MetricId m : MetricId.values()) {
        Double v = e.metrics().get(m);
        ConfidenceInterval ci = e.intervals().get(m);
        s.append(',').append(num(v)).append(',').append(ci == null ? "" : num(ci.lower()))
            .append(',').append(ci == null ? "" : num(ci.upper()));
      }
      OptionalDouble paper = Reports.paperAccuracy(result, c);
      s.append(',').append(paper.isPresent() ? Double.toString(paper.getAsDouble() / 100) : "")
          .append('\n');
    }
    return s.toString();
  }

  private static String num(Double v) {
    return v == null || v.isNaN() ? "" : Double.toString(v);
  }

  private static String csvField(String v) {
    if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  /**
   * The result as JSON: protocol, settings, provenance, every cell's metrics and intervals (NaN as
   * null), the paper's figure where matched, and the cross-generator matrix with its averages.
   * Scores are not included (the run directory has them).
   *
   * @return pretty-printed JSON
   */
  public String json() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("title", title);
    root.put("protocol", result.protocol());
    root.set("settings", mapper.valueToTree(result.settings().describe()));
    root.put("biasControl", result.settings().biasControl().text());
    root.put("biasControlExplained", result.settings().biasControl().explain());
    root.set("provenance", mapper.valueToTree(result.provenance()));
    ArrayNode cells = root.putArray("cells");
    for (CellResult c : result.cells()) {
      ObjectNode n = cells.addObject();
      n.put("cellId", c.cellId());
      n.put("detector", c.detector());
      n.put("trainedOn", c.trainedOn());
      n.put("testSet", c.testSet());
      n.put("testManifestHash", c.testManifestHash());
      n.put("condition", c.condition());
      n.put("conditionDescription", c.conditionDescription());
      BinaryEvaluation e = c.evaluation();
      n.put("samples", e.samples());
      n.put("realSamples", e.realSamples());
      n.put("fakeSamples", e.fakeSamples());
      n.put("threshold", e.threshold());
      ObjectNode metrics = n.putObject("metrics");
      for (Map.Entry<MetricId, Double> m : e.metrics().entrySet()) {
        putNumber(metrics, m.getKey().id(), m.getValue());
      }
      ObjectNode intervals = n.putObject("intervals");
      e.intervals().forEach((m, ci) -> {
        ObjectNode i = intervals.putObject(m.id());
        putNumber(i, "lower", ci.lower());
        putNumber(i, "upper", ci.upper());
        i.put("level", ci.level());
        i.put("replicates", ci.replicates());
        i.put("seed", ci.seed());
      });
      if (e.oracleAccuracy().isPresent()) {
        n.put("oracleThreshold", e.oracleThreshold());
        n.put("oracleNote", "threshold tuned on the test labels: not a deployable figure");
      }
      ArrayNode skipped = n.putArray("skipped");
      c.skipped().forEach(k -> skipped.addObject().put("sampleId", k.sampleId())
          .put("path", k.path()).put("problem", k.problem()));
      OptionalDouble paper = Reports.paperAccuracy(result, c);
      if (paper.isPresent()) {
        n.put("paperAccuracyPercent", paper.getAsDouble());
      }
    }
    if (result instanceof CrossGeneratorResult r) {
      ObjectNode m = root.putObject("matrix");
      m.set("trainedOn", mapper.valueToTree(r.trainedOn()));
      m.set("testedOn", mapper.valueToTree(r.testedOn()));
      m.set("accuracy", mapper.valueToTree(r.matrix(MetricId.ACCURACY)));
      m.set("rocAuc", mapper.valueToTree(r.matrix(MetricId.ROC_AUC)));
      ObjectNode rows = m.putObject("rowAverageAccuracy");
      r.trainedOn().forEach(t -> putNumber(rows, t, r.rowAverage(t, MetricId.ACCURACY)));
      ObjectNode cols = m.putObject("columnAverageAccuracy");
      r.testedOn().forEach(t -> putNumber(cols, t, r.columnAverage(t, MetricId.ACCURACY)));
    }
    if (Reports.touchesGenImage(result)) {
      root.put("fakeOrJpegNote", PublishedResults.get().fakeOrJpegNote());
    }
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putNumber(ObjectNode n, String key, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      n.putNull(key);
    } else {
      n.put(key, v);
    }
  }

  /** Configures a {@link Report}. Everything is optional. */
  public static final class Builder {
    private final ExperimentResult result;
    private String title;
    private int histograms = 8;
    private final List<ReportFigure> extra = new ArrayList<>();

    private Builder(ExperimentResult result) {
      this.result = result;
    }

    /**
     * Optional: the report's title (default: protocol and detector).
     *
     * @param value the title
     * @return this builder
     */
    public Builder title(String value) {
      this.title = Checks.notBlank("title", value);
      return this;
    }

    /**
     * Optional: adds a figure from another module (e.g. genimage-spectral's average spectra).
     *
     * @param figure the figure
     * @return this builder
     */
    public Builder figure(ReportFigure figure) {
      extra.add(Checks.notNull("figure", figure));
      return this;
    }

    /**
     * Optional: how many cells get a score histogram, in cell order (default 8; 0 for none).
     *
     * @param n a non-negative count
     * @return this builder
     */
    public Builder histograms(int n) {
      this.histograms = Checks.nonNegative("histograms", n);
      return this;
    }

    /**
     * Builds the report.
     *
     * @return the report
     */
    public Report build() {
      return new Report(this);
    }
  }
}
