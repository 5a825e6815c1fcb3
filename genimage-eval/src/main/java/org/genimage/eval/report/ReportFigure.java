package org.genimage.eval.report;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A picture a report includes. Protocols draw theirs (heatmaps, bar charts, score histograms, see
 * {@link Figures}); other modules contribute theirs through this interface without the api depending
 * on them, e.g. genimage-spectral's average spectra per generator:
 *
 * <pre>{@code
 * ReportFigure spectra = new ReportFigure() {
 *   public String title() { return "Average residual spectra per generator"; }
 *   public void writePng(Path file) { SpectrumPlots.averageSpectra(...).writePng(file); }
 * };
 * Report.builder(result).figure(spectra).build().writeTo(dir);
 * }</pre>
 */
public interface ReportFigure {
  /**
   * The figure's title, used as caption.
   *
   * @return the title
   */
  String title();

  /**
   * Draws the figure.
   *
   * @param file the PNG file to write (its folder exists)
   */
  void writePng(Path file);

  /**
   * The file name in the report's {@code figures/} folder.
   *
   * @return by default the title in lower case, non-alphanumerics as '-', plus {@code .png}
   */
  default String fileName() {
    String slug = title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("(^-+|-+$)", "");
    return (slug.isEmpty() ? "figure" : slug) + ".png";
  }
}
