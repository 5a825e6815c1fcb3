package org.genimage.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;
import org.genimage.eval.CellResult;
import org.genimage.eval.CellScores;
import org.genimage.eval.metrics.CalibrationCurve;
import org.genimage.eval.metrics.PrecisionRecallCurve;
import org.genimage.eval.metrics.RocCurve;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's curve figures, drawn with JFreeChart beside {@link Figures}' heatmaps and bars: ROC
 * and precision-recall curves and reliability diagrams of scored cells (one line per cell), and
 * robustness curves (a metric against a degradation level, one line per detector).
 *
 * <pre>{@code
 * Map<String, CellResult> byDetector = Map.of("resnet", a, "spec", b);
 * Report.builder(result)
 *     .figure(CurveFigures.roc("ROC curves on sd14", byDetector))
 *     .figure(CurveFigures.reliability("Reliability on sd14", byDetector, 10))
 *     .build();
 * }</pre>
 *
 * <p>A cell whose curve is undefined (ROC with one class only, precision-recall without fakes, a
 * reliability diagram with scores outside [0, 1]) is left out of the figure and named in its
 * subtitle, so one odd cell never stops a report.
 */
public final class CurveFigures {
  /** Points closer than this in both coordinates are merged when drawing: a curve over 100,000 scores
   * needs no more than about a thousand points to look the same. */
  private static final double DRAW_STEP = 1e-3;

  private static final BasicStroke DASHED = new BasicStroke(1f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f);

  private CurveFigures() {}

  /**
   * ROC curves (true against false positive rate), one line per cell, with the chance diagonal and
   * the 1% false positive budget of {@code TPR@1%FPR} marked.
   *
   * @param caption the figure's caption (and file name)
   * @param cells series name to cell, drawn in the map's order
   * @return the figure
   * @throws BadArgumentException for a blank caption or no cells
   */
  public static ReportFigure roc(String caption, Map<String, CellResult> cells) {
    Map<String, CellResult> named = checked(caption, cells);
    return Figures.figure(caption, file -> Figures.save(rocChart(caption, named), file, 520, 480));
  }

  /**
   * Precision-recall curves of fake detection, one line per cell.
   *
   * @param caption the figure's caption (and file name)
   * @param cells series name to cell, drawn in the map's order
   * @return the figure
   * @throws BadArgumentException for a blank caption or no cells
   */
  public static ReportFigure precisionRecall(String caption, Map<String, CellResult> cells) {
    Map<String, CellResult> named = checked(caption, cells);
    return Figures.figure(caption, file -> Figures.save(precisionRecallChart(caption, named), file,
        520, 480));
  }

  /**
   * Reliability diagrams: the share of fakes against the mean score in each non-empty bin of
   * {@link CalibrationCurve}, one line per cell, with the diagonal of a calibrated detector.
   *
   * @param caption the figure's caption (and file name)
   * @param cells series name to cell, drawn in the map's order
   * @param bins the number of equal-width bins (at least 1; {@link
   *     CalibrationCurve#DEFAULT_BINS} as the ECE's)
   * @return the figure
   * @throws BadArgumentException for a blank caption, no cells or fewer than one bin
   */
  public static ReportFigure reliability(String caption, Map<String, CellResult> cells,
      int bins) {
    Map<String, CellResult> named = checked(caption, cells);
    Checks.positive("bins", bins);
    return Figures.figure(caption, file -> Figures.save(reliabilityChart(caption, named, bins),
        file, 520, 480));
  }

  /**
   * What a robustness figure shows: a metric (a fraction, drawn in percent) at each level of a
   * degradation, one line per detector. Levels are categories in the given order (mildest first),
   * so a decreasing JPEG quality reads left to right like an increasing blur.
   *
   * @param chartTitle the title drawn above the chart
   * @param levelAxis the horizontal axis's label ({@code "JPEG quality"})
   * @param valueName the metric's short name ({@code "AUC"})
   * @param levels the level labels, in order
   * @param series detector name to one value per level (NaN where undefined), in drawing order
   */
  public record Lines(String chartTitle, String levelAxis, String valueName, List<String> levels,
      Map<String, double[]> series) {
    /**
     * Validates and copies the components.
     *
     * @throws BadArgumentException for a blank title, no levels or series, or a series whose length
     *     differs from the levels'
     */
    public Lines {
      Checks.notBlank("chartTitle", chartTitle);
      Checks.notNull("levelAxis", levelAxis);
      Checks.notBlank("valueName", valueName);
      levels = List.copyOf(Checks.notEmpty("levels", levels));
      Checks.notEmpty("series", Checks.notNull("series", series).keySet());
      Map<String, double[]> copy = new LinkedHashMap<>();
      for (Map.Entry<String, double[]> e : series.entrySet()) {
        double[] v = Checks.notNull("series[" + e.getKey() + "]", e.getValue());
        if (v.length != levels.size()) {
          throw new BadArgumentException("series[" + e.getKey() + "]", v.length,
              levels.size() + " values (one per level)");
        }
        copy.put(e.getKey(), v.clone());
      }
      series = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The values of one series.
     *
     * @param name the series' name
     * @return a copy of its values
     * @throws BadArgumentException for an unknown name
     */
    public double[] values(String name) {
      double[] v = series.get(name);
      if (v == null) {
        throw new BadArgumentException("name", name, "one of " + series.keySet());
      }
      return v.clone();
    }
  }

  /**
   * A robustness curve: a metric against the degradation level, one line per detector, a dashed
   * line at 50% (chance for accuracy and AUC).
   *
   * @param caption the figure's caption (and file name)
   * @param lines what is drawn
   * @return the figure
   */
  public static ReportFigure robustness(String caption, Lines lines) {
    Checks.notBlank("caption", caption);
    Checks.notNull("lines", lines);
    return Figures.figure(caption, file -> Figures.save(robustnessChart(lines), file,
        Math.max(520, 160 + 70 * lines.levels().size()), 420));
  }

  static JFreeChart rocChart(String title, Map<String, CellResult> cells) {
    XYSeriesCollection d = new XYSeriesCollection();
    List<String> left = new ArrayList<>();
    cells.forEach((name, c) -> {
      CellScores s = c.scores();
      if (c.evaluation().realSamples() == 0 || c.evaluation().fakeSamples() == 0) {
        left.add(name);
        return;
      }
      RocCurve r = RocCurve.of(s.labels(), doubles(s.scores()));
      d.addSeries(series(d, name, r.falsePositiveRates(), r.truePositiveRates()));
    });
    JFreeChart chart = xyChart(title, "false positive rate (real called fake)",
        "true positive rate (fake caught)", d, false, left);
    XYPlot plot = chart.getXYPlot();
    plot.addAnnotation(new XYLineAnnotation(0, 0, 1, 1, DASHED, Color.GRAY));
    plot.addDomainMarker(new ValueMarker(0.01, Color.RED, DASHED));
    return chart;
  }

  static JFreeChart precisionRecallChart(String title, Map<String, CellResult> cells) {
    XYSeriesCollection d = new XYSeriesCollection();
    List<String> left = new ArrayList<>();
    cells.forEach((name, c) -> {
      if (c.evaluation().fakeSamples() == 0) {
        left.add(name);
        return;
      }
      PrecisionRecallCurve p = PrecisionRecallCurve.of(c.scores().labels(),
          doubles(c.scores().scores()));
      d.addSeries(series(d, name, p.recalls(), p.precisions()));
    });
    return xyChart(title, "recall (fake caught)", "precision (called fake that are fake)", d,
        false, left);
  }

  static JFreeChart reliabilityChart(String title, Map<String, CellResult> cells, int bins) {
    XYSeriesCollection d = new XYSeriesCollection();
    List<String> left = new ArrayList<>();
    cells.forEach((name, c) -> {
      double[] scores = doubles(c.scores().scores());
      for (double v : scores) {
        if (!(v >= 0 && v <= 1)) {
          left.add(name);
          return;
        }
      }
      CalibrationCurve cc = CalibrationCurve.of(c.scores().labels(), scores, bins);
      XYSeries s = new XYSeries(unique(d, name), false, true);
      double[] x = cc.meanScore();
      double[] y = cc.fractionFake();
      for (int i = 0; i < x.length; i++) {
        s.add(x[i], y[i]);
      }
      d.addSeries(s);
    });
    JFreeChart chart = xyChart(title, "mean P(fake) in the bin (" + bins + " bins)",
        "share of fakes in the bin", d, true, left);
    chart.getXYPlot().addAnnotation(new XYLineAnnotation(0, 0, 1, 1, DASHED, Color.GRAY));
    return chart;
  }

  static JFreeChart robustnessChart(Lines lines) {
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    lines.series().forEach((name, values) -> {
      for (int i = 0; i < values.length; i++) {
        d.addValue(Double.isNaN(values[i]) ? null : 100 * values[i], name, lines.levels().get(i));
      }
    });
    JFreeChart chart = ChartFactory.createLineChart(lines.chartTitle(), lines.levelAxis(),
        lines.valueName() + " %", d, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.GRAY);
    ((NumberAxis) plot.getRangeAxis()).setRange(0, 100);
    LineAndShapeRenderer r = (LineAndShapeRenderer) plot.getRenderer();
    r.setDefaultShapesVisible(true);
    for (int i = 0; i < d.getRowCount(); i++) {
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.addRangeMarker(new ValueMarker(50, Color.DARK_GRAY, DASHED));
    if (lines.levels().size() > 6) {
      CategoryAxis x = plot.getDomainAxis();
      x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static JFreeChart xyChart(String title, String x, String y, XYSeriesCollection d,
      boolean shapes, List<String> left) {
    JFreeChart chart = ChartFactory.createXYLineChart(title, x, y, d, PlotOrientation.VERTICAL,
        true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    ((NumberAxis) plot.getDomainAxis()).setRange(0, 1);
    ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.02);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, shapes);
    for (int i = 0; i < d.getSeriesCount(); i++) {
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(r);
    if (!left.isEmpty()) {
      chart.addSubtitle(new TextTitle("not drawn (curve undefined): " + String.join(", ", left)));
    }
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** A curve's points, merging runs closer than {@link #DRAW_STEP}; the ends are always kept. */
  private static XYSeries series(XYSeriesCollection d, String name, double[] x, double[] y) {
    XYSeries s = new XYSeries(unique(d, name), false, true);
    double lastX = Double.NaN;
    double lastY = Double.NaN;
    for (int i = 0; i < x.length; i++) {
      boolean end = i == 0 || i == x.length - 1;
      if (end || Math.abs(x[i] - lastX) >= DRAW_STEP || Math.abs(y[i] - lastY) >= DRAW_STEP) {
        s.add(x[i], y[i]);
        lastX = x[i];
        lastY = y[i];
      }
    }
    return s;
  }

  /** Series keys must differ: a repeated name gets " (2)", " (3)"... */
  private static String unique(XYSeriesCollection d, String name) {
    String key = name;
    for (int i = 2; d.getSeriesIndex(key) >= 0; i++) {
      key = name + " (" + i + ")";
    }
    return key;
  }

  private static Map<String, CellResult> checked(String caption, Map<String, CellResult> cells) {
    Checks.notBlank("caption", caption);
    Checks.notEmpty("cells", Checks.notNull("cells", cells).keySet());
    Map<String, CellResult> copy = new LinkedHashMap<>();
    cells.forEach((k, v) -> copy.put(Checks.notBlank("cells key", k),
        Checks.notNull("cells[" + k + "]", v)));
    return java.util.Collections.unmodifiableMap(copy);
  }

  private static double[] doubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
