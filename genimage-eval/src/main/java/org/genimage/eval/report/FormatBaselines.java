package org.genimage.eval.report;

import java.util.Locale;
import org.genimage.eval.metrics.FormatBaseline;

/**
 * The words every renderer uses for the cells' {@link FormatBaseline}s, so the Markdown, CSV and
 * JSON say the same thing; {@link BaselineKind} shows them.
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
      + " cell's images are of at least two kinds (lossless, lossy, undetermined such as WebP); a"
      + " cell of one format has none (\"-\" in the table, null in the JSON). Where it is"
      + " " + String.format(Locale.ROOT, "%.1f", 100 * FormatBaseline.WARNING_SEPARATION)
      + " or more (or " + String.format(Locale.ROOT, "%.1f", 100 * (1 - FormatBaseline
      .WARNING_SEPARATION)) + " or less: the format then marks the reals) the detector's AUC may"
      + " measure the format rather than the content: compare under --bias-control jpeg96, which"
      + " JPEG-compresses the fakes.";

  private FormatBaselines() {}
}
