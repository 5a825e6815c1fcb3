package org.genimage.eval.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.metrics.FormatBaseline;

/**
 * The words every renderer uses for the cells' {@link FormatBaseline}s, so the Markdown, CSV and
 * JSON say the same thing.
 */
final class FormatBaselines {
  /** The Markdown column shown right after the detector's AUC. */
  static final String COLUMN = "format-only AUC";

  /** What the baseline is, for the Markdown notes and the JSON. */
  static final String EXPLAINED = "The format-only AUC is the ROC AUC of a detector that looks at"
      + " the file format alone (score 1 for PNG and other lossless files, 0 for JPEG, 0.5 when"
      + " the format does not tell), on the same images as the detector's AUC, as the bias control"
      + " loads them, before any degradation of the protocol (a JPEG degradation re-encodes every"
      + " image the detector sees, not the files the baseline describes). It is given only where a"
      + " cell's images are of at least two kinds (lossless, lossy, undetermined such as WebP); a cell of one format has none (\"-\" in the table, null in the JSON). Where it is"
      + " " + String.format(Locale.ROOT, "%.1f", 100 * FormatBaseline.WARNING_SEPARATION)
      + " or more (or " + String.format(Locale.ROOT, "%.1f", 100 * (1 - FormatBaseline
      .WARNING_SEPARATION)) + " or less: the format then marks the reals) the detector's AUC may"
      + " measure the format rather than the content: compare under --bias-control jpeg96, which"
      + " JPEG-compresses the fakes.";

  private FormatBaselines() {}

  /**
   * Whether any cell has a baseline.
   *
   * @param result the result
   * @return true when some cell's images are of at least two format kinds
   */
  static boolean anyIn(ExperimentResult result) {
    return result.cells().stream().anyMatch(c -> c.formatBaseline().isPresent());
  }

  /**
   * The cells where the format alone separates the classes.
   *
   * @param result the result
   * @return those cells, in order
   */
  static List<CellResult> warned(ExperimentResult result) {
    return result.cells().stream()
        .filter(c -> c.formatBaseline().map(FormatBaseline::formatSeparates).orElse(false))
        .toList();
  }

  /**
   * The Markdown note: what the baseline is, then a warning per cell where it separates.
   *
   * @param result the result
   * @return the note, empty when no cell has a baseline
   */
  static Optional<String> note(ExperimentResult result) {
    if (!anyIn(result)) {
      return Optional.empty();
    }
    StringBuilder s = new StringBuilder("**Format-only baseline.** ").append(EXPLAINED);
    for (CellResult c : warned(result)) {
      s.append("\n  - **Warning** (").append(c.cellId()).append("): ")
          .append(c.formatBaseline().flatMap(FormatBaseline::warning).orElseThrow()).append('.');
    }
    return Optional.of(s.toString());
  }
}
