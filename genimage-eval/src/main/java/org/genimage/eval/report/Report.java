package org.genimage.eval.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.genimage.api.internal.Checks;
import org.genimage.eval.ExperimentResult;

/**
 * A report of one result: Markdown for people, CSV for spreadsheets, JSON for programs, and PNG
 * figures. What every result shares is rendered here; what a protocol adds (its tables, figures,
 * the paper's figures per cell) comes from the result itself when it is {@link Reportable}. Every table shows real accuracy, fake accuracy, AP and AUC beside accuracy (a 0.5
 * threshold is often miscalibrated), and beside the AUC the AUC of the file format alone wherever
 * a cell's images are of at least two format kinds, with a warning where that baseline separates real
 * from fake ({@link org.genimage.eval.metrics.FormatBaseline}), and the AUC of the image size alone
 * wherever a cell's images have at least two recorded sizes, warned likewise ({@link
 * org.genimage.eval.metrics.SizeBaseline}); the oracle accuracy, when computed, is labelled as such; where
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

  private final ExperimentResult result;
  private final ReportContent content;
  private final String title;
  private final List<ReportFigure> figures;

  private Report(Builder b) {
    this.result = b.result;
    this.content = ReportContent.of(b.result);
    this.title = b.title != null ? b.title : content.title();
    List<ReportFigure> f = new ArrayList<>(content.figures());
    b.result.cells().stream().limit(b.histograms).forEach(c -> f.add(Figures.scoreHistogram(c)));
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
   * The figures this report draws: the protocol's, then score histograms, then those added.
   *
   * @return an immutable list
   */
  public List<ReportFigure> figures() {
    return figures;
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
  List<ReportFigure> figureFiles() {
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

  /**
   * The report's title.
   *
   * @return the caller's title, or the protocol's default
   */
  public String title() {
    return title;
  }

  ExperimentResult result() {
    return result;
  }

  ReportContent content() {
    return content;
  }

  /**
   * The report as Markdown.
   *
   * @return the text
   */
  public String markdown() {
    return MarkdownRenderer.render(this);
  }

  /**
   * One CSV row per cell: identity, counts, every metric with its interval, the format-only
   * baseline (empty where a cell's images are of one format), the size-only baseline (empty where
   * they are of one size or their sizes were not recorded), the paper's accuracy.
   *
   * @return the CSV text with a header line
   */
  public String csv() {
    return CsvRenderer.render(this);
  }

  /**
   * The result as JSON: protocol, settings, provenance, every cell's metrics and intervals (NaN as
   * null), the paper's figure where matched, and the protocol's own content (the cross-generator
   * matrix with its averages, its sections' tables, summary and notes). Scores are not included
   * (the run directory has them).
   *
   * @return pretty-printed JSON
   */
  public String json() {
    return JsonRenderer.render(this);
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
