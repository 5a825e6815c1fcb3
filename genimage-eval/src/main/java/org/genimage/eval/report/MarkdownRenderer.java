package org.genimage.eval.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.genimage.api.ModelProvenance;
import org.genimage.api.WeightsSource;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.RunProvenance;
import org.genimage.eval.metrics.BinaryEvaluation;
import org.genimage.eval.metrics.MetricId;

/** Renders a {@link Report} as Markdown: the part every result shares, then its protocol's content. */
final class MarkdownRenderer {
  private static final MetricId[] SHOWN = {MetricId.ACCURACY, MetricId.REAL_ACCURACY,
      MetricId.FAKE_ACCURACY, MetricId.AVERAGE_PRECISION, MetricId.ROC_AUC, MetricId.EER,
      MetricId.TPR_AT_1PCT_FPR};

  private final ExperimentResult result;
  private final ReportContent content;
  private final StringBuilder md = new StringBuilder();

  private MarkdownRenderer(ExperimentResult result, ReportContent content) {
    this.result = result;
    this.content = content;
  }

  static String render(Report report) {
    MarkdownRenderer r = new MarkdownRenderer(report.result(), report.content());
    r.write(report.title(), report.figureFiles());
    return r.md.toString();
  }

  private void write(String title, List<ReportFigure> figures) {
    RunProvenance p = result.provenance();
    md.append("# ").append(title).append("\n\n");
    md.append("Protocol **").append(result.protocol()).append("**, genimage ")
        .append(p.libraryVersion()).append(", Java ").append(p.javaVersion()).append(".\n\n");
    boolean oracle = result.settings().evaluation().oracle();
    md.append("Accuracy is at threshold ").append(result.settings().evaluation().threshold())
        .append(" (FAKE when score > threshold). Real acc and fake acc are the accuracies on each "
            + "class; AP and AUC do not depend on the threshold; EER: lower is better; TPR@1%FPR: "
            + "the share of fakes caught by the best threshold that flags at most 1% of the real "
            + "images.");
    if (oracle) {
      md.append(" **Oracle acc** uses a threshold tuned on the test labels: an upper bound, not a "
          + "deployable figure.");
    }
    md.append("\n\n");
    md.append("Bias control: ").append(result.settings().biasControl().explain()).append(".\n\n");
    content.sections().forEach(this::section);
    md.append("## All metrics\n\n");
    cellTable(oracle);
    content.summary().forEach(s -> md.append('\n').append(s).append('\n'));
    notes();
    if (!figures.isEmpty()) {
      md.append("\n## Figures\n\n");
      for (ReportFigure f : figures) {
        md.append("![").append(f.title()).append("](figures/").append(f.fileName()).append(")\n\n");
      }
    }
    provenance(p);
  }

  private void section(ReportSection s) {
    md.append("## ").append(s.title()).append("\n\n");
    s.paragraphs().forEach(p -> md.append(p).append("\n\n"));
    s.table().ifPresent(t -> {
      row(t.header().stream().map(ReportCell::text).toList());
      md.append('|').append("---|".repeat(t.header().size())).append('\n');
      t.rows().forEach(this::row);
      md.append('\n');
    });
  }

  private void row(List<ReportCell> cells) {
    md.append('|');
    cells.forEach(c -> md.append(' ').append(cell(c)).append(" |"));
    md.append('\n');
  }

  private static String cell(ReportCell c) {
    return switch (c.kind()) {
      case STRONG -> "**" + c.text() + "**";
      case EMPHASIS -> "*" + c.text() + "*";
      case PAPER_PERCENT -> Double.isNaN(c.value()) ? "" : "*" + c.format() + "*";
      default -> c.format();
    };
  }

  private void cellTable(boolean oracle) {
    boolean anyPaper = result.cells().stream()
        .anyMatch(c -> content.paperAccuracy().apply(c).isPresent());
    // The baselines some cell has, in column order; elsewhere their columns would be all dashes.
    List<BaselineKind> baselines = Arrays.stream(BaselineKind.values())
        .filter(k -> k.anyIn(result)).toList();
    md.append("| trained on | tested on | condition | images | skipped |");
    for (MetricId m : SHOWN) {
      md.append(' ').append(m.shortName()).append(" |");
      if (m == MetricId.ROC_AUC) {
        baselines.forEach(k -> md.append(' ').append(k.column).append(" |"));
      }
    }
    if (oracle) {
      md.append(" Oracle acc (tuned on test labels) |");
    }
    if (anyPaper) {
      md.append(" paper acc |");
    }
    md.append("\n|---|---|---|---|---|");
    md.append("---|".repeat(SHOWN.length + baselines.size() + (oracle ? 1 : 0)
        + (anyPaper ? 1 : 0)));
    md.append('\n');
    for (CellResult c : result.cells()) {
      BinaryEvaluation e = c.evaluation();
      md.append("| ").append(c.trainedOn()).append(" | ").append(c.testSet()).append(" | ")
          .append(c.condition()).append(" | ").append(e.samples()).append(" | ")
          .append(c.skipped().size()).append(" |");
      for (MetricId m : SHOWN) {
        md.append(' ').append(value(m, e.get(m)));
        e.interval(m).ifPresent(ci -> md.append(" [").append(value(m, ci.lower())).append(", ")
            .append(value(m, ci.upper())).append(']'));
        md.append(" |");
        if (m == MetricId.ROC_AUC) {
          for (BaselineKind k : baselines) {
            md.append(' ').append(baselineCell(k.of(c, result.settings().biasControl())))
                .append(" |");
          }
        }
      }
      if (oracle) {
        md.append(' ').append(e.oracleAccuracy().map(a -> ReportCell.percent(a).format())
            .orElse("-")).append(" (t=").append(String.format(Locale.ROOT, "%.3f",
            e.oracleThreshold())).append(") |");
      }
      if (anyPaper) {
        md.append(' ').append(cell(ReportCell.paper(content.paperAccuracy().apply(c))))
            .append(" |");
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

  /** A baseline's AUC like the detector's, bold where it alone separates the classes. */
  private static String baselineCell(Optional<BaselineView> baseline) {
    return baseline.map(b -> {
      String v = value(MetricId.ROC_AUC, b.rocAuc());
      String text = b.separates() ? "**" + v + "**" : v;
      return text + b.interval().map(ci -> " [" + value(MetricId.ROC_AUC, ci.lower()) + ", "
          + value(MetricId.ROC_AUC, ci.upper()) + "]").orElse("");
    }).orElse("-");
  }

  /** Error rates read better as fractions, accuracies as percentages. */
  private static String value(MetricId m, double v) {
    return (m == MetricId.EER ? ReportCell.fraction(v) : ReportCell.percent(v)).format();
  }

  private void notes() {
    List<String> notes = new ArrayList<>();
    if (content.fakeOrJpegNote()) {
      notes.add("**Fake or JPEG?** " + PublishedResults.get().fakeOrJpegNote());
    }
    if (result.cells().stream().map(content.paperAccuracy()).anyMatch(OptionalDouble::isPresent)) {
      notes.add("Paper figures: " + PublishedResults.get().source() + ". They were measured on the "
          + "real GenImage release; compare only when this run used it too."
          + (result.settings().biasControl().isNone() ? "" : " They were measured without bias"
              + " control; this run used " + result.settings().biasControl().text() + "."));
    }
    for (BaselineKind k : BaselineKind.values()) {
      k.note(result).ifPresent(notes::add);
    }
    notes.addAll(content.notes());
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

  private void provenance(RunProvenance p) {
    md.append("\n## Provenance\n\n### Settings\n\n");
    p.settings().forEach((k, v) -> md.append("- ").append(k).append(": `").append(v).append("`\n"));
    md.append("\n### Detectors\n\n");
    p.detectors().forEach((k, v) -> {
      md.append("- **").append(k).append("**");
      v.forEach((a, b) -> md.append("; ").append(a).append(": `").append(b).append('`'));
      md.append('\n');
    });
    if (!p.models().isEmpty()) {
      md.append("\n### Models\n\n");
      p.models().forEach((k, m) -> md.append("- **").append(k).append("**: ").append(model(m)).append('\n'));
    }
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

  /** One model's typed provenance in a line: what it is, where its weights came from, how it was trained. */
  private static String model(ModelProvenance m) {
    StringBuilder b = new StringBuilder();
    b.append(m.family()).append(" `").append(m.architecture()).append("`, weights ").append(source(m.weights()));
    if (!m.weightsSha256().isEmpty()) {
      b.append(", digest `").append(m.weightsSha256()).append('`');
    }
    m.trainingRun().ifPresent(t -> {
      b.append("; trained by ").append(t.trainer()).append(" (seed ").append(t.seed()).append(", ")
          .append(t.epochsRun()).append(" of ").append(t.epochs()).append(" epochs, kept epoch ")
          .append(t.bestEpoch()).append(") on `").append(t.trainingManifest()).append('`');
      if (!t.validationManifest().isEmpty()) {
        b.append(", validated on `").append(t.validationManifest()).append('`');
      }
      if (t.start().kind() != WeightsSource.Kind.INITIALISED) {
        b.append(", starting from weights ").append(source(t.start()));
      }
    });
    return b.toString();
  }

  private static String source(WeightsSource w) {
    return switch (w.kind()) {
      case TRAINED -> "trained here";
      case IMPORTED -> "imported from `" + w.file() + "` (sha256 `" + w.sha256() + "`)";
      case INITIALISED -> "initialised, untrained";
      case GIVEN -> "given by the caller";
      case UNKNOWN -> "of unrecorded origin";
    };
  }
}
