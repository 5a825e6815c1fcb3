package org.genimage.eval.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.metrics.SizeBaseline;

/**
 * The words every renderer uses for the cells' {@link SizeBaseline}s, so the Markdown, CSV and JSON
 * say the same thing.
 */
final class SizeBaselines {
  /** The Markdown column shown right after the format-only AUC (or the detector's AUC). */
  static final String COLUMN = "size-only AUC";

  /** What the baseline is, for the Markdown notes and the JSON. */
  static final String EXPLAINED = "The size-only AUC is the ROC AUC of a detector that looks at the"
      + " image size alone (its score is the pixel count, width x height: larger, more likely fake),"
      + " on the same images as the detector's AUC, with each image's size as the bias control"
      + " loaded it, recorded when it was decoded for scoring, before any degradation of the"
      + " protocol and before any resizing to the detector's input. It is given only where a"
      + " cell's images have at least two sizes and the run recorded them (\"-\" in the table, null"
      + " in the JSON, otherwise: also for cells resumed from score files written before sizes"
      + " were recorded). Where it is "
      + String.format(Locale.ROOT, "%.1f", 100 * SizeBaseline.WARNING_SEPARATION) + " or more (or "
      + String.format(Locale.ROOT, "%.1f", 100 * (1 - SizeBaseline.WARNING_SEPARATION))
      + " or less: the fakes are then the smaller images) the detector's AUC may measure the size"
      + " rather than the content: GenImage's fakes have one size per generator, its reals many."
      + " Compare under --bias-control size, which keeps only reals whose sides lie within half"
      + " and twice the fakes' side.";

  private SizeBaselines() {}

  /**
   * Whether any cell has a baseline.
   *
   * @param result the result
   * @return true when some cell's images have at least two recorded sizes
   */
  static boolean anyIn(ExperimentResult result) {
    return result.cells().stream().anyMatch(c -> c.sizeBaseline().isPresent());
  }

  /**
   * The cells where the size alone separates the classes.
   *
   * @param result the result
   * @return those cells, in order
   */
  static List<CellResult> warned(ExperimentResult result) {
    return result.cells().stream()
        .filter(c -> c.sizeBaseline().map(SizeBaseline::sizeSeparates).orElse(false))
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
    StringBuilder s = new StringBuilder("**Size-only baseline.** ").append(EXPLAINED);
    for (CellResult c : warned(result)) {
      s.append("\n  - **Warning** (").append(c.cellId()).append("): ")
          .append(c.sizeBaseline().flatMap(SizeBaseline::warning).orElseThrow()).append('.');
    }
    return Optional.of(s.toString());
  }
}
