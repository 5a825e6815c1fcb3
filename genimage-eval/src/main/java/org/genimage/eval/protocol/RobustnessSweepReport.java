package org.genimage.eval.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.eval.CellResult;
import org.genimage.eval.metrics.MetricId;
import org.genimage.eval.report.CurveFigures;
import org.genimage.eval.report.ReportCell;
import org.genimage.eval.report.ReportContent;
import org.genimage.eval.report.ReportSection;
import org.genimage.eval.report.ReportTable;

/**
 * The report content of a {@link RobustnessSweepResult}: per sweep a table per curve metric
 * (detectors by levels), a summary of each detector's drop from the mildest to the harshest level,
 * the robustness curves, ROC curves at the mildest and harshest level, a precision-recall curve and
 * a reliability diagram at the first sweep's mildest level, and the curves as JSON.
 */
final class RobustnessSweepReport {
  /** The metrics drawn as curves and tabulated per level. */
  static final List<MetricId> CURVES = List.of(MetricId.ROC_AUC, MetricId.ACCURACY,
      MetricId.TPR_AT_1PCT_FPR);

  private RobustnessSweepReport() {}

  static ReportContent of(RobustnessSweepResult r) {
    ReportContent.Builder b = ReportContent.builder(r)
        .title("Robustness sweep of " + String.join(", ", r.detectors()) + " on " + r.testSet())
        .paperAccuracy(DegradedReport::paperAccuracy);
    Map<String, Object> json = new LinkedHashMap<>();
    for (RobustnessSweepResult.Sweep s : r.sweeps()) {
      boolean first = true;
      for (MetricId m : CURVES) {
        List<String> paragraphs = first ? List.of(describe(r, s)) : List.of();
        b.section(new ReportSection(s.name() + " (" + s.levelAxis() + "): " + m.shortName(),
            paragraphs, java.util.Optional.of(table(r, s, m))));
        first = false;
      }
      b.summary(summary(r, s));
      for (MetricId m : CURVES) {
        b.figure(CurveFigures.robustness("Robustness: " + m.shortName() + " under " + s.name(),
            r.lines(s.name(), m)));
      }
      b.figure(CurveFigures.roc("ROC under " + condition(s, 0), atLevel(r, s, 0)));
      if (s.levels().size() > 1) {
        int last = s.levels().size() - 1;
        b.figure(CurveFigures.roc("ROC under " + condition(s, last), atLevel(r, s, last)));
      }
      json.put(s.name(), sweepJson(r, s));
    }
    RobustnessSweepResult.Sweep s0 = r.sweeps().get(0);
    b.figure(CurveFigures.precisionRecall("Precision-recall under " + condition(s0, 0),
        atLevel(r, s0, 0)));
    b.figure(CurveFigures.reliability("Reliability under " + condition(s0, 0), atLevel(r, s0, 0),
        r.settings().evaluation().calibrationBins()));
    b.note("Robustness curves: each level is applied to the images the degradation target "
        + "selects (" + r.settings().degradationTarget() + "), and every detector sees the same "
        + "degraded images (random degradations are seeded per image). TPR@1%FPR needs many real "
        + "images: with n reals, 1% FPR allows floor(n / 100) false alarms (none below 100).");
    b.data("sweeps", json);
    return b.build();
  }

  private static String condition(RobustnessSweepResult.Sweep s, int level) {
    return RobustnessSweep.condition(s.name(), s.levels().get(level));
  }

  /** Every detector's cell at one level, by detector name. */
  private static Map<String, CellResult> atLevel(RobustnessSweepResult r,
      RobustnessSweepResult.Sweep s, int level) {
    Map<String, CellResult> m = new LinkedHashMap<>();
    r.detectors().forEach(d -> m.put(d, r.cells(d, s.name()).get(level)));
    return m;
  }

  private static String describe(RobustnessSweepResult r, RobustnessSweepResult.Sweep s) {
    List<CellResult> cells = r.cells(r.detectors().get(0), s.name());
    StringBuilder sb = new StringBuilder("Levels, mildest first: ");
    for (int i = 0; i < cells.size(); i++) {
      sb.append(i == 0 ? "" : "; ").append('`').append(s.levels().get(i)).append("` = `")
          .append(cells.get(i).conditionDescription()).append('`');
    }
    return sb.append('.').toString();
  }

  private static ReportTable table(RobustnessSweepResult r, RobustnessSweepResult.Sweep s,
      MetricId m) {
    List<String> header = new ArrayList<>();
    header.add("detector");
    header.addAll(s.levels());
    List<List<ReportCell>> rows = new ArrayList<>();
    for (String d : r.detectors()) {
      List<ReportCell> row = new ArrayList<>();
      row.add(ReportCell.text(d));
      for (double v : r.curve(d, s.name(), m)) {
        row.add(m.higherIsBetter() ? ReportCell.percent(v) : ReportCell.fraction(v));
      }
      rows.add(row);
    }
    return new ReportTable(header, rows);
  }

  private static String summary(RobustnessSweepResult r, RobustnessSweepResult.Sweep s) {
    int last = s.levels().size() - 1;
    StringBuilder sb = new StringBuilder("Under ").append(s.name()).append(", from `")
        .append(s.levels().get(0)).append("` to `").append(s.levels().get(last)).append("`:");
    for (String d : r.detectors()) {
      sb.append(' ').append(d);
      for (MetricId m : CURVES) {
        double[] c = r.curve(d, s.name(), m);
        sb.append(m == CURVES.get(0) ? " " : ", ").append(m.shortName()).append(' ')
            .append(ReportCell.percent(c[0]).format()).append(" → ")
            .append(ReportCell.percent(c[last]).format());
      }
      sb.append(';');
    }
    sb.setLength(sb.length() - 1);
    return sb.append('.').toString();
  }

  private static Map<String, Object> sweepJson(RobustnessSweepResult r,
      RobustnessSweepResult.Sweep s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("levelAxis", s.levelAxis());
    m.put("levels", s.levels());
    Map<String, Object> curves = new LinkedHashMap<>();
    for (String d : r.detectors()) {
      Map<String, Object> perMetric = new LinkedHashMap<>();
      for (MetricId metric : CURVES) {
        perMetric.put(metric.id(), r.curve(d, s.name(), metric));
      }
      curves.put(d, perMetric);
    }
    m.put("curves", curves);
    return m;
  }
}
