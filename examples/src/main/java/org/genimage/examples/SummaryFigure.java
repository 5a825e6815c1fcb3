package org.genimage.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * The demo's one-picture summary: every detector's accuracy as two colour tables side by side,
 * cross-generator (one column per simulated generator) and degraded images (one column per
 * condition, clean first). The per-detector reports each hold a one-row heatmap; this puts the
 * detectors under each other so the pattern (high on the training generator, lower elsewhere and
 * under degradation) reads at a glance. Drawn with Java2D; the colour scale is the reports' (50 %,
 * chance, red; 75 % yellow; 100 % green).
 */
final class SummaryFigure {
  private static final int CELL_W = 92;
  private static final int CELL_H = 30;
  private static final int LABEL_W = 150;
  private static final int GAP = 36;
  private static final int TOP = 78;
  private static final int HEADER_H = 22;
  private static final int MARGIN = 14;
  private static final int FOOT = 34;

  private SummaryFigure() {}

  /**
   * Writes the picture.
   *
   * @param rows the detectors' figures, in table order (at least one)
   * @param file the PNG to write
   * @return {@code file}
   * @throws UncheckedIOException if the file cannot be written
   */
  static Path write(List<Demo.DetectorSummary> rows, Path file) {
    List<String> cross = new ArrayList<>(rows.get(0).crossAccuracy().keySet());
    List<String> conds = new ArrayList<>(rows.get(0).degradedAccuracy().keySet());
    int leftW = LABEL_W + CELL_W * cross.size();
    int rightW = CELL_W * conds.size();
    int width = MARGIN + leftW + GAP + rightW + MARGIN;
    int height = TOP + HEADER_H + CELL_H * rows.size() + FOOT;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString("genimage demo: accuracy (%) on simulated generators", MARGIN, 24);
      String trained = rows.stream().map(Demo.DetectorSummary::trainedOn)
          .filter(t -> !t.equals("none")).findFirst().orElse("none");
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      int x0 = MARGIN + LABEL_W;
      int x1 = MARGIN + leftW + GAP;
      g.drawString("Cross-generator: tested on each generator's val", MARGIN, TOP - 14);
      g.drawString("Degraded " + trained + " val images", x1, TOP - 14);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.drawString("trained on " + trained, MARGIN, TOP + HEADER_H - 6);
      header(g, cross, x0, TOP, c -> c.equals(bare(trained)) ? c + " *" : c);
      header(g, conds, x1, TOP, SummaryFigure::shortCondition);
      for (int i = 0; i < rows.size(); i++) {
        Demo.DetectorSummary r = rows.get(i);
        int y = TOP + HEADER_H + i * CELL_H;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        String label = r.trainedOn().equals("none") ? r.detector() + " \u2020" : r.detector();
        g.drawString(label, MARGIN, y + CELL_H / 2 + 5);
        cells(g, cross, r.crossAccuracy(), x0, y);
        cells(g, conds, r.degradedAccuracy(), x1, y);
      }
      g.setColor(Color.DARK_GRAY);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.drawString("* the generator the detectors were trained on; \u2020 training-free. Colour:"
          + " 50 % (chance) red, 75 % yellow, 100 % green. Simulated traces, not the GenImage"
          + " release.", MARGIN, height - 12);
    } finally {
      g.dispose();
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (!ImageIO.write(img, "png", file.toFile())) {
        throw new IOException("no PNG writer");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the summary figure " + file, e);
    }
  }

  /** {@code lowResolution28} to {@code low-res 28}, {@code jpeg65} to {@code JPEG q65}, ... */
  static String shortCondition(String c) {
    return c.replaceFirst("^lowResolution(\\d+)$", "low-res $1")
        .replaceFirst("^jpeg(\\d+)$", "JPEG q$1")
        .replaceFirst("^blurSigma([\\d.]+)$", "blur \u03c3 $1");
  }

  private static String bare(String subset) {
    return subset.startsWith(Demo.SIM) ? subset.substring(Demo.SIM.length()) : subset;
  }

  private static void header(Graphics2D g, List<String> cols, int x, int y,
      Function<String, String> label) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    for (int j = 0; j < cols.size(); j++) {
      String s = label.apply(cols.get(j));
      g.drawString(s, x + j * CELL_W + (CELL_W - fm.stringWidth(s)) / 2, y + HEADER_H - 6);
    }
  }

  private static void cells(Graphics2D g, List<String> cols, Map<String, Double> values, int x,
      int y) {
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    FontMetrics fm = g.getFontMetrics();
    for (int j = 0; j < cols.size(); j++) {
      double v = values.getOrDefault(cols.get(j), Double.NaN);
      int cx = x + j * CELL_W;
      g.setColor(colour(100 * v));
      g.fillRect(cx, y, CELL_W, CELL_H);
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(2f));
      g.drawRect(cx, y, CELL_W, CELL_H);
      g.setColor(Color.BLACK);
      String s = Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * v);
      g.drawString(s, cx + (CELL_W - fm.stringWidth(s)) / 2, y + CELL_H / 2 + 5);
    }
  }

  /** The reports' scale: hue from red (50 % and below) through yellow to green (100 %). */
  static Color colour(double percent) {
    if (Double.isNaN(percent)) {
      return Color.LIGHT_GRAY;
    }
    double t = Math.max(0, Math.min(1, (percent - 50) / 50));
    return Color.getHSBColor((float) (t * 120 / 360.0), 0.55f, 0.95f);
  }
}
