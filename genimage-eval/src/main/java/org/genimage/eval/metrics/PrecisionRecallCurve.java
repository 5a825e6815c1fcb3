package org.genimage.eval.metrics;

import java.util.Arrays;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * A precision-recall curve for FAKE detection, as scikit-learn 1.2's {@code precision_recall_curve}:
 * one point per distinct score in increasing threshold order, point {@code i} being "FAKE when
 * {@code score >= thresholds[i]}", followed by a last point (precision 1, recall 0) that has no
 * threshold. So {@code precisions} and {@code recalls} have one more element than {@code thresholds}.
 * The record copies its arrays in and out.
 *
 * @param precisions the precision at each threshold, then 1
 * @param recalls the recall at each threshold (non-increasing), then 0
 * @param thresholds the distinct scores, increasing
 */
public record PrecisionRecallCurve(double[] precisions, double[] recalls, double[] thresholds) {
  /**
   * Validates and copies the arrays.
   *
   * @throws BadArgumentException for null arrays or inconsistent lengths
   */
  public PrecisionRecallCurve {
    precisions = Checks.notNull("precisions", precisions).clone();
    recalls = Checks.notNull("recalls", recalls).clone();
    thresholds = Checks.notNull("thresholds", thresholds).clone();
    Curves.sameLength("recalls", recalls, "precisions", precisions);
    if (precisions.length != thresholds.length + 1) {
      throw new BadArgumentException("thresholds", "has " + thresholds.length
          + " values; it must have one fewer than precisions (" + precisions.length + ")");
    }
  }

  /**
   * Computes the curve.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, same length
   * @return the curve
   * @throws BadArgumentException for bad inputs, or when there is no fake image (recall undefined)
   */
  public static PrecisionRecallCurve of(int[] labels, double[] scores) {
    Curves.Groups g = Curves.groups(labels, scores);
    if (g.pos() == 0) {
      throw new BadArgumentException("labels", "hold no fake (label 1) image; recall is undefined");
    }
    int m = g.score().length;
    double[] p = new double[m + 1];
    double[] r = new double[m + 1];
    double[] t = new double[m];
    for (int i = 0; i < m; i++) {
      int j = m - 1 - i; // ascending thresholds: the groups run from the highest score down
      p[i] = g.tp()[j] / (g.tp()[j] + g.fp()[j]);
      r[i] = g.tp()[j] / g.pos();
      t[i] = g.score()[j];
    }
    p[m] = 1;
    r[m] = 0;
    return new PrecisionRecallCurve(p, r, t);
  }

  /**
   * The precisions.
   *
   * @return a copy
   */
  @Override
  public double[] precisions() {
    return precisions.clone();
  }

  /**
   * The recalls.
   *
   * @return a copy
   */
  @Override
  public double[] recalls() {
    return recalls.clone();
  }

  /**
   * The thresholds.
   *
   * @return a copy
   */
  @Override
  public double[] thresholds() {
    return thresholds.clone();
  }

  /**
   * The average precision read off this curve: {@code sum (R_n - R_{n-1}) P_n}.
   *
   * @return the same value as {@link AveragePrecision#of}
   */
  public double averagePrecision() {
    double ap = 0;
    for (int i = 0; i < thresholds.length; i++) {
      ap += (recalls[i] - recalls[i + 1]) * precisions[i];
    }
    return ap;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrecisionRecallCurve c && Arrays.equals(precisions, c.precisions)
        && Arrays.equals(recalls, c.recalls) && Arrays.equals(thresholds, c.thresholds);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(precisions) + Arrays.hashCode(recalls))
        + Arrays.hashCode(thresholds);
  }

  @Override
  public String toString() {
    return "PrecisionRecallCurve[" + thresholds.length + " thresholds, AP=" + averagePrecision()
        + "]";
  }
}
