package org.genimage.eval.report;

import java.util.Locale;
import org.genimage.api.BiasControl;
import org.genimage.eval.metrics.SizeBaseline;

/**
 * The words every renderer uses for the cells' {@link SizeBaseline}s, so the Markdown, CSV and JSON
 * say the same thing; {@link BaselineKind} shows them.
 */
final class SizeBaselines {
  /** The Markdown column shown right after the format-only AUC (or the detector's AUC). */
  static final String COLUMN = "size-only AUC";

  /** What the baseline is, for the Markdown notes and the JSON, before the run's advice. */
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
      + " It is a lower bound on what the size tells: it sees only whether the fakes are the larger"
      + " or the smaller, so fakes of one exact size among reals both smaller and larger (what a"
      + " size band leaves) score near 50.0 although their exact size separates them: 50.0 does"
      + " not mean the size is uninformative. The exact-size overlap says that: the share of"
      + " fakes whose exact width x height some real of the cell also has (and of reals some fake"
      + " has); near 0% a lookup of the size separates the classes whatever the AUC.";

  private SizeBaselines() {}

  /**
   * {@link #EXPLAINED} followed by the advice for the run's bias control.
   *
   * @param control the run's bias control
   * @return the note's text
   */
  static String explained(BiasControl control) {
    return EXPLAINED + control.sizeBand().map(b -> " This run's size control (" + b.text()
        + ") keeps only reals whose sides lie in " + (b.aroundGenerator()
            ? "[n/2, 2n] of the generator's side n, a 16x range of pixel counts" : "["
            + b.min() + ", " + b.max() + "]") + ": where the size still separates, narrow it with"
        + " --bias-control size=MIN-MAX around the fakes' side.")
        .orElse(" Compare under --bias-control size, which keeps only reals whose sides lie within"
            + " half and twice the fakes' side.");
  }

  /**
   * The exact-size overlap of a cell, in words.
   *
   * @param b the cell's baseline
   * @return e.g. "fakes sharing a real's exact size 0.0%, reals sharing a fake's 0.0%"
   */
  static String overlap(SizeBaseline b) {
    return String.format(Locale.ROOT, "fakes sharing a real's exact size %.1f%%, reals sharing a"
        + " fake's %.1f%%", 100 * b.fake().sharedSizeShare(), 100 * b.real().sharedSizeShare());
  }
}
