package org.genimage.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;
import org.genimage.eval.CellResult;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The report's figure types, drawn with JFreeChart: heatmaps, accuracy bars and score histograms.
 * Protocols describe what to draw; this class knows how.
 */
public final class Figures {
  private static final Color OURS = new Color(0x1f77b4);
  private static final Color OURS_AUC = new Color(0x9ecae1);
  private static final Color PAPER = new Color(0xff7f0e);

  private Figures() {}

  /**
   * A heatmap of a matrix of fractions, values printed in the cells as percent; 50% is red, 75%
   * yellow, 100% green.
   *
   * @param caption the figure's caption (and file name)
   * @param grid what is drawn
   * @return the figure
   */
  public static ReportFigure heatmap(String caption, Heatmap grid) {
    Checks.notBlank("caption", caption);
    Checks.notNull("grid", grid);
    return figure(caption, file -> save(heatmapChart(grid), file,
        160 + 90 * grid.columns().size(), 140 + 60 * grid.rows().size()));
  }

  /**
   * What a heatmap shows.
   *
   * @param chartTitle the title drawn above the chart
   * @param valueName the value's short name, for the legend ("Acc")
   * @param columnAxis the horizontal axis's label
   * @param columns the column names
   * @param rowAxis the vertical axis's label
   * @param rows the row names, drawn top to bottom
   * @param values {@code [row][column]} fractions, NaN where missing
   */
  public record Heatmap(String chartTitle, String valueName, String columnAxis,
      List<String> columns, String rowAxis, List<String> rows, double[][] values) {
    /**
     * Validates and copies the components.
     *
     * @throws BadArgumentException if the values are not rows by columns
     */
    public Heatmap {
      Checks.notBlank("chartTitle", chartTitle);
      Checks.notBlank("valueName", valueName);
      Checks.notNull("columnAxis", columnAxis);
      columns = List.copyOf(Checks.notEmpty("columns", columns));
      Checks.notNull("rowAxis", rowAxis);
      rows = List.copyOf(Checks.notEmpty("rows", rows));
      Checks.notNull("values", values);
      if (values.length != rows.size()) {
        throw new BadArgumentException("values", values.length, rows.size() + " rows");
      }
      double[][] copy = new double[values.length][];
      for (int i = 0; i < values.length; i++) {
        if (values[i].length != columns.size()) {
          throw new BadArgumentException("values[" + i + "]", values[i].length,
              columns.size() + " columns");
        }
        copy[i] = values[i].clone();
      }
      values = copy;
    }
  }

  private static JFreeChart heatmapChart(Heatmap g) {
    double[][] m = g.values();
    int rows = m.length;
    int cols = m[0].length;
    double[][] xyz = new double[3][rows * cols];
    XYPlot plot = new XYPlot();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int k = i * cols + j;
        xyz[0][k] = j;
        xyz[1][k] = i;
        xyz[2][k] = 100 * m[i][j];
        XYTextAnnotation a = new XYTextAnnotation(
            Double.isNaN(m[i][j]) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * m[i][j]), j, i);
        a.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        a.setTextAnchor(TextAnchor.CENTER);
        plot.addAnnotation(a);
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries(g.valueName(), xyz);
    SymbolAxis x = new SymbolAxis(g.columnAxis(), g.columns().toArray(String[]::new));
    SymbolAxis y = new SymbolAxis(g.rowAxis(), g.rows().toArray(String[]::new));
    y.setInverted(true);
    x.setGridBandsVisible(false);
    y.setGridBandsVisible(false);
    XYBlockRenderer renderer = new XYBlockRenderer();
    PaintScale scale = new RedGreenScale();
    renderer.setPaintScale(scale);
    plot.setDataset(data);
    plot.setDomainAxis(x);
    plot.setRangeAxis(y);
    plot.setRenderer(renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setBackgroundPaint(Color.WHITE);
    JFreeChart chart = new JFreeChart(g.chartTitle(), JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    NumberAxis legendAxis = new NumberAxis(g.valueName() + " %");
    legendAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
    legend.setMargin(4, 4, 4, 4);
    chart.addSubtitle(legend);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** 50 (chance) red, 75 yellow, 100 green. */
  private static final class RedGreenScale implements PaintScale {
    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return 100;
    }

    @Override
    public Paint getPaint(double value) {
      if (Double.isNaN(value)) {
        return Color.LIGHT_GRAY;
      }
      double t = Math.max(0, Math.min(1, (value - 50) / 50));
      float h = (float) (t * 120 / 360.0);
      return Color.getHSBColor(h, 0.55f, 0.95f);
    }
  }

  /**
   * Bars of our accuracy and AUC per category, with the paper's accuracy beside them where known;
   * a dashed line marks chance (50%).
   *
   * @param caption the figure's caption (and file name)
   * @param chartTitle the title drawn above the chart
   * @param axis the categories' axis label
   * @param bars one group of bars per category, in order
   * @param slantedLabels whether category labels are drawn at 45 degrees (long names; the groups are
   *     then drawn narrower)
   * @return the figure
   */
  public static ReportFigure accuracyBars(String caption, String chartTitle, String axis,
      List<Bar> bars, boolean slantedLabels) {
    Checks.notBlank("caption", caption);
    Checks.notBlank("chartTitle", chartTitle);
    Checks.notNull("axis", axis);
    List<Bar> groups = List.copyOf(Checks.notEmpty("bars", bars));
    return figure(caption, file -> {
      DefaultCategoryDataset d = new DefaultCategoryDataset();
      for (Bar b : groups) {
        add(d, b.cell(), b.category());
        b.paperPercent().ifPresent(p -> d.addValue(p, "paper acc", b.category()));
      }
      save(bars(chartTitle, axis, d, slantedLabels), file,
          200 + (slantedLabels ? 110 : 120) * groups.size(), 420);
    });
  }

  /**
   * One category of {@link #accuracyBars}.
   *
   * @param category the category's label
   * @param cell the cell whose accuracy and AUC are drawn
   * @param paperPercent the paper's accuracy in percent, or empty
   */
  public record Bar(String category, CellResult cell, OptionalDouble paperPercent) {
    /**
     * Validates the components.
     *
     * @throws BadArgumentException for a null component
     */
    public Bar {
      Checks.notNull("category", category);
      Checks.notNull("cell", cell);
      Checks.notNull("paperPercent", paperPercent);
    }
  }

  private static void add(DefaultCategoryDataset d, CellResult c, String category) {
    d.addValue(100 * c.evaluation().accuracy(), "our acc", category);
    double auc = c.evaluation().rocAuc();
    d.addValue(Double.isNaN(auc) ? null : 100 * auc, "our AUC", category);
  }

  private static JFreeChart bars(String title, String axis, DefaultCategoryDataset d,
      boolean rotate) {
    JFreeChart chart = ChartFactory.createBarChart(title, axis, "%", d, PlotOrientation.VERTICAL,
        true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.GRAY);
    NumberAxis range = (NumberAxis) plot.getRangeAxis();
    range.setRange(0, 100);
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setItemMargin(0.05);
    int ours = d.getRowIndex("our acc");
    int auc = d.getRowIndex("our AUC");
    int paper = d.getRowIndex("paper acc");
    r.setSeriesPaint(ours, OURS);
    if (auc >= 0) {
      r.setSeriesPaint(auc, OURS_AUC);
    }
    if (paper >= 0) {
      r.setSeriesPaint(paper, PAPER);
    }
    plot.addRangeMarker(new org.jfree.chart.plot.ValueMarker(50, Color.DARK_GRAY,
        new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
            new float[] {4f, 4f}, 0f)));
    if (rotate) {
      CategoryAxis x = plot.getDomainAxis();
      x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /**
   * A histogram of one cell's scores, real and fake overlaid, with the threshold marked.
   *
   * @param cell the cell
   * @return the figure
   */
  public static ReportFigure scoreHistogram(CellResult cell) {
    Checks.notNull("cell", cell);
    String what = cell.trainedOn() + " -> " + cell.testSet()
        + (cell.condition().equals("clean") ? "" : " [" + cell.condition() + "]");
    return figure("Scores " + what, file -> {
      int[] labels = cell.scores().labels();
      float[] s = cell.scores().scores();
      HistogramDataset d = new HistogramDataset();
      for (int label = 0; label <= 1; label++) {
        int n = 0;
        for (int l : labels) {
          n += l == label ? 1 : 0;
        }
        if (n == 0) {
          continue;
        }
        double[] v = new double[n];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
          if (labels[i] == label) {
            v[k++] = s[i];
          }
        }
        d.addSeries(label == 0 ? "real" : "fake", v, 25, 0, 1);
      }
      JFreeChart chart = ChartFactory.createHistogram("P(fake): " + what, "score", "images", d,
          PlotOrientation.VERTICAL, true, false, false);
      XYPlot plot = chart.getXYPlot();
      plot.setForegroundAlpha(0.6f);
      plot.setBackgroundPaint(Color.WHITE);
      XYBarRenderer r = (XYBarRenderer) plot.getRenderer();
      r.setBarPainter(new StandardXYBarPainter());
      r.setShadowVisible(false);
      r.setSeriesPaint(0, OURS);
      r.setSeriesPaint(1, Color.RED);
      plot.addDomainMarker(new org.jfree.chart.plot.ValueMarker(cell.evaluation().threshold(),
          Color.BLACK, new BasicStroke(1.5f)));
      chart.setBackgroundPaint(Color.WHITE);
      save(chart, file, 560, 360);
    });
  }

  /** Draws a figure into a PNG file. */
  interface Drawer {
    void draw(Path file) throws IOException;
  }

  static ReportFigure figure(String title, Drawer drawer) {
    return new ReportFigure() {
      @Override
      public String title() {
        return title;
      }

      @Override
      public void writePng(Path file) {
        try {
          drawer.draw(file);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write figure " + file, e);
        }
      }
    };
  }

  static void save(JFreeChart chart, Path file, int width, int height) throws IOException {
    ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
  }
}
