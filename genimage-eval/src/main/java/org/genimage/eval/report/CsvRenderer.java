package org.genimage.eval.report;

import java.util.Optional;
import java.util.OptionalDouble;
import org.genimage.api.BiasControl;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.metrics.BinaryEvaluation;
import org.genimage.eval.metrics.ConfidenceInterval;
import org.genimage.eval.metrics.MetricId;
import org.genimage.eval.metrics.SizeBaseline;

/**
 * Renders a {@link Report} as CSV: one row per cell with its identity, counts, every metric with its
 * interval, the format-only baseline's AUC with its interval and whether it warns ({@code
 * format_separates}; all four empty where the cell's images are of one format), the size-only
 * baseline's likewise ({@code size_baseline_auc} ... {@code size_separates}; empty where the images
 * are of one size or their sizes were not recorded), then its exact-size overlaps ({@code
 * size_fake_exact_overlap}, {@code size_real_exact_overlap}: the share of fakes whose exact size
 * some real has, and of reals some fake has), and the paper's accuracy (as a fraction) from the
 * protocol's {@link ReportContent}, last.
 */
final class CsvRenderer {
  private CsvRenderer() {}

  static String render(Report report) {
    ExperimentResult result = report.result();
    StringBuilder s = new StringBuilder("protocol,cell_id,detector,trained_on,test_set,"
        + "test_manifest_hash,condition,condition_description,samples,real,fake,skipped,threshold");
    for (MetricId m : MetricId.values()) {
      s.append(',').append(m.id()).append(',').append(m.id()).append("_lower,").append(m.id())
          .append("_upper");
    }
    s.append(",format_baseline_auc,format_baseline_auc_lower,format_baseline_auc_upper,"
        + "format_separates,size_baseline_auc,size_baseline_auc_lower,size_baseline_auc_upper,"
        + "size_separates,size_fake_exact_overlap,size_real_exact_overlap,paper_accuracy\n");
    for (CellResult c : result.cells()) {
      BinaryEvaluation e = c.evaluation();
      s.append(String.join(",", field(result.protocol()), field(c.cellId()),
          field(c.detector()), field(c.trainedOn()), field(c.testSet()),
          field(c.testManifestHash()), field(c.condition()),
          field(c.conditionDescription()), Integer.toString(e.samples()),
          Integer.toString(e.realSamples()), Integer.toString(e.fakeSamples()),
          Integer.toString(c.skipped().size()), Double.toString(e.threshold())));
      for (MetricId m : MetricId.values()) {
        Double v = e.metrics().get(m);
        ConfidenceInterval ci = e.intervals().get(m);
        s.append(',').append(num(v)).append(',').append(ci == null ? "" : num(ci.lower()))
            .append(',').append(ci == null ? "" : num(ci.upper()));
      }
      // Empty fields where the cell has no baseline of a kind: there is none to give.
      BiasControl control = result.settings().biasControl();
      baseline(s, BaselineKind.FORMAT.of(c, control));
      baseline(s, BaselineKind.SIZE.of(c, control));
      Optional<SizeBaseline> z = c.sizeBaseline();
      s.append(',').append(z.map(x -> num(x.fake().sharedSizeShare())).orElse(""))
          .append(',').append(z.map(x -> num(x.real().sharedSizeShare())).orElse(""));
      OptionalDouble paper = report.content().paperAccuracy().apply(c);
      s.append(',').append(paper.isPresent() ? Double.toString(paper.getAsDouble() / 100) : "")
          .append('\n');
    }
    return s.toString();
  }

  /** A baseline's AUC, interval bounds and whether it warns, or four empty fields. */
  private static void baseline(StringBuilder s, Optional<BaselineView> b) {
    Optional<ConfidenceInterval> ci = b.flatMap(BaselineView::interval);
    s.append(',').append(b.map(x -> num(x.rocAuc())).orElse(""))
        .append(',').append(ci.map(i -> num(i.lower())).orElse(""))
        .append(',').append(ci.map(i -> num(i.upper())).orElse(""))
        .append(',').append(b.map(x -> Boolean.toString(x.separates())).orElse(""));
  }

  private static String num(Double v) {
    return v == null || v.isNaN() ? "" : Double.toString(v);
  }

  /** Quotes a field holding a separator, a quote or a line break (RFC 4180). */
  static String field(String v) {
    if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
