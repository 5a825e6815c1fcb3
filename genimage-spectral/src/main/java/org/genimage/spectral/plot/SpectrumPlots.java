package org.genimage.spectral.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;
import org.genimage.spectral.RadialProfile;
import org.genimage.spectral.Spectrum;
import org.genimage.spectral.SpectrumScale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYDataImageAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes spectrum plots as PNG files with JFreeChart.
 *
 * <p>Spectra are drawn centred, in {@code log10} power, on axes in cycles per pixel (-0.5 to 0.5),
 * with the viridis colour map and a colour bar. The colour range runs from the 1st percentile to
 * the maximum of the log power, so that the zero-frequency bin does not flatten the rest.
 */
public final class SpectrumPlots {
  private static final int CHART_SIDE = 520;
  private static final double LOW_PERCENTILE = 0.01;
  /** Matplotlib's "tab10" line colours: distinct, and readable on white. */
  private static final int[] LINE_COLOURS = {
    0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf
  };

  private SpectrumPlots() {}

  /**
   * Writes one spectrum with a colour bar.
   *
   * @param png the file to write
   * @param spectrum a spectrum on any scale (power and magnitude are shown as log10 power)
   * @param title the chart title
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writeSpectrum(Path png, Spectrum spectrum, String title) {
    Checks.notNull("png", png);
    float[] log = logPower(Checks.notNull("spectrum", spectrum));
    double[] range = colourRange(log);
    JFreeChart chart = spectrumChart(spectrum.height(), spectrum.width(), log, range, title);
    save(png, chart.createBufferedImage(CHART_SIDE + 90, CHART_SIDE));
  }

  /**
   * Writes several spectra side by side on one shared colour scale (the union of their ranges), for
   * comparing generators' average spectra.
   *
   * @param png the file to write
   * @param spectra titles and spectra, drawn left to right in iteration order (use a {@link
   *     java.util.LinkedHashMap})
   * @throws BadArgumentException if {@code spectra} is empty
   */
  public static void writePanel(Path png, Map<String, Spectrum> spectra) {
    Checks.notNull("png", png);
    Checks.notNull("spectra", spectra);
    if (spectra.isEmpty()) {
      throw new BadArgumentException("spectra", "at least one spectrum to plot");
    }
    List<Map.Entry<String, Spectrum>> entries = List.copyOf(spectra.entrySet());
    float[][] logs = new float[entries.size()][];
    double lower = Double.POSITIVE_INFINITY;
    double upper = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < logs.length; i++) {
      logs[i] = logPower(Checks.notNull("spectrum " + entries.get(i).getKey(),
          entries.get(i).getValue()));
      double[] range = colourRange(logs[i]);
      lower = Math.min(lower, range[0]);
      upper = Math.max(upper, range[1]);
    }
    int side = 360;
    int chartWidth = side + 90;
    BufferedImage panel = new BufferedImage(chartWidth * logs.length, side, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = panel.createGraphics();
    try {
      for (int i = 0; i < logs.length; i++) {
        Spectrum s = entries.get(i).getValue();
        JFreeChart chart = spectrumChart(s.height(), s.width(), logs[i], new double[] {lower, upper},
            entries.get(i).getKey());
        g.drawImage(chart.createBufferedImage(chartWidth, side), i * chartWidth, 0, null);
      }
    } finally {
      g.dispose();
    }
    save(png, panel);
  }

  /**
   * Writes radial power profiles of several sets on one chart, power on a log axis.
   *
   * @param png the file to write
   * @param profiles legend names and profiles, in legend order
   * @param title the chart title
   * @throws BadArgumentException if {@code profiles} is empty
   */
  public static void writeRadialProfiles(Path png, Map<String, RadialProfile> profiles,
      String title) {
    Checks.notNull("png", png);
    Checks.notNull("profiles", profiles);
    if (profiles.isEmpty()) {
      throw new BadArgumentException("profiles", "at least one profile to plot");
    }
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, RadialProfile> e : profiles.entrySet()) {
      XYSeries series = new XYSeries(e.getKey(), false, true);
      double[] f = e.getValue().frequency();
      double[] p = e.getValue().power();
      for (int i = 0; i < f.length; i++) {
        if (p[i] > 0) { // a log axis cannot show zero or NaN rings
          series.add(f[i], p[i]);
        }
      }
      data.addSeries(series);
    }
    NumberAxis x = new NumberAxis("radial frequency (cycles/pixel)");
    x.setRange(0, RadialProfile.MAX_FREQUENCY);
    LogAxis y = new LogAxis("mean power |X|\u00b2");
    y.setBase(10);
    y.setStandardTickUnits(NumberAxis.createStandardTickUnits());
    y.setSmallestValue(1e-12);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      renderer.setSeriesPaint(i, new Color(LINE_COLOURS[i % LINE_COLOURS.length]));
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    save(png, chart.createBufferedImage(760, 500));
  }

  /** log10 power, whatever the scale of the input. */
  private static float[] logPower(Spectrum spectrum) {
    Spectrum centred = spectrum.toCentred();
    float[] v = centred.values();
    SpectrumScale scale = centred.scale();
    for (int i = 0; i < v.length; i++) {
      double power = scale == SpectrumScale.MAGNITUDE ? (double) v[i] * v[i] : v[i];
      v[i] = scale == SpectrumScale.LOG_POWER ? v[i] : (float) SpectrumScale.LOG_POWER.fromPower(power);
    }
    return v;
  }

  private static double[] colourRange(float[] log) {
    float[] sorted = log.clone();
    Arrays.sort(sorted);
    double lower = sorted[(int) (LOW_PERCENTILE * (sorted.length - 1))];
    double upper = sorted[sorted.length - 1];
    if (!(upper > lower)) {
      upper = lower + 1;
    }
    return new double[] {lower, upper};
  }

  private static JFreeChart spectrumChart(int h, int w, float[] log, double[] range, String title) {
    Viridis scale = new Viridis(range[0], range[1]);
    // Image row 0 is the top: the highest vertical frequency, so flip the spectrum's rows.
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        image.setRGB(c, h - 1 - r, scale.rgb(log[r * w + c]));
      }
    }
    NumberAxis x = new NumberAxis("horizontal frequency (cycles/pixel)");
    NumberAxis y = new NumberAxis("vertical frequency (cycles/pixel)");
    // Bin j of a centred axis of n bins sits at (j - n/2) / n and spans one bin width.
    double x0 = (-(w / 2) - 0.5) / w;
    double y0 = (-(h / 2) - 0.5) / h;
    x.setRange(x0, x0 + 1);
    y.setRange(y0, y0 + 1);
    XYPlot plot = new XYPlot(new XYSeriesCollection(), x, y, new XYLineAndShapeRenderer());
    plot.addAnnotation(new XYDataImageAnnotation(image, x0, y0, 1, 1));
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    NumberAxis barAxis = new NumberAxis("log10 power");
    PaintScaleLegend legend = new PaintScaleLegend(scale, barAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
    legend.setStripWidth(14);
    legend.setSubdivisionCount(256);
    legend.setMargin(new RectangleInsets(30, 6, 40, 6));
    legend.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(legend);
    return chart;
  }

  private static void save(Path png, BufferedImage image) {
    try {
      Path parent = png.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(image, "png", png.toFile())) {
        throw new IOException("no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png, e);
    }
  }
}
