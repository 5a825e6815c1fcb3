package org.genimage.eval.report;

import java.util.Optional;
import org.genimage.eval.metrics.ConfidenceInterval;
import org.genimage.eval.metrics.FormatBaseline;
import org.genimage.eval.metrics.SizeBaseline;

/**
 * What every renderer shows of a cell's trivial-detector baseline, whichever it is ({@link
 * FormatBaseline}, {@link SizeBaseline}), so that each renderer needs one helper for both.
 *
 * @param rocAuc the baseline's ROC AUC
 * @param interval its bootstrap interval, or empty
 * @param separation {@code max(AUC, 1 - AUC)}
 * @param separates whether reports warn
 * @param warning the warning, present exactly where {@code separates}
 */
record BaselineView(double rocAuc, Optional<ConfidenceInterval> interval, double separation,
    boolean separates, Optional<String> warning) {
  static BaselineView of(FormatBaseline b) {
    return new BaselineView(b.rocAuc(), b.interval(), b.separation(), b.formatSeparates(),
        b.warning());
  }

  static BaselineView of(SizeBaseline b, org.genimage.api.BiasControl control) {
    return new BaselineView(b.rocAuc(), b.interval(), b.separation(), b.sizeSeparates(),
        b.warning(control));
  }
}
