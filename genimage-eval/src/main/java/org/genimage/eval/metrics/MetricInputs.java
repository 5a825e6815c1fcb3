package org.genimage.eval.metrics;

import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/** The argument checks every metric shares: same lengths, labels 0 or 1, scores not NaN. */
final class MetricInputs {
  private MetricInputs() {}

  static void check(int[] labels, double[] scores) {
    Checks.notNull("labels", labels);
    Checks.notNull("scores", scores);
    if (labels.length != scores.length) {
      throw new BadArgumentException("scores", "has " + scores.length + " values but labels has "
          + labels.length + "; they must be the same length");
    }
    if (labels.length == 0) {
      throw new BadArgumentException("labels", "is empty; a metric needs at least one sample");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new BadArgumentException("labels[" + i + "]", labels[i], "0 (REAL) or 1 (FAKE)");
      }
      if (Double.isNaN(scores[i])) {
        throw new BadArgumentException("scores[" + i + "]", scores[i], "a number (not NaN)");
      }
    }
  }

  static int count(int[] labels, int label) {
    int n = 0;
    for (int l : labels) {
      if (l == label) {
        n++;
      }
    }
    return n;
  }

  static double[] toDouble(float[] scores) {
    Checks.notNull("scores", scores);
    double[] out = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      out[i] = scores[i];
    }
    return out;
  }
}
