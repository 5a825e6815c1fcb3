package org.genimage.eval.metrics;

import java.util.Arrays;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * A receiver operating characteristic curve, as scikit-learn's {@code roc_curve} with
 * {@code drop_intermediate=False}: one point per distinct score, from the highest threshold down.
 * Point {@code i} is "FAKE when {@code score >= thresholds[i]}"; point 0 is (0, 0) at threshold
 * {@code +Infinity} (scikit-learn writes {@code max + 1} there). The record copies its arrays in and
 * out, so it is immutable.
 *
 * @param falsePositiveRates the fraction of real images called fake, non-decreasing from 0 to 1
 * @param truePositiveRates the fraction of fake images called fake, non-decreasing from 0 to 1
 * @param thresholds the thresholds, decreasing, the first {@code +Infinity}
 */
public record RocCurve(double[] falsePositiveRates, double[] truePositiveRates, double[] thresholds) {
  /**
   * Validates and copies the arrays.
   *
   * @throws BadArgumentException for null or empty arrays or different lengths
   */
  public RocCurve {
    falsePositiveRates = Checks.notNull("falsePositiveRates", falsePositiveRates).clone();
    truePositiveRates = Checks.notNull("truePositiveRates", truePositiveRates).clone();
    thresholds = Checks.notNull("thresholds", thresholds).clone();
    if (falsePositiveRates.length == 0) {
      throw new BadArgumentException("falsePositiveRates", "is empty; a curve needs a point");
    }
    Curves.sameLength("truePositiveRates", truePositiveRates, "falsePositiveRates",
        falsePositiveRates);
    Curves.sameLength("thresholds", thresholds, "falsePositiveRates", falsePositiveRates);
  }

  /**
   * Computes the curve.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, same length
   * @return the curve
   * @throws BadArgumentException for bad inputs, or when only one class is present (the curve is
   *     undefined then)
   */
  public static RocCurve of(int[] labels, double[] scores) {
    Curves.Groups g = Curves.groups(labels, scores);
    if (g.pos() == 0 || g.neg() == 0) {
      throw new BadArgumentException("labels", "hold only one class (" + g.pos() + " fake, "
          + g.neg() + " real); a ROC curve needs both");
    }
    int m = g.score().length;
    double[] fpr = new double[m + 1];
    double[] tpr = new double[m + 1];
    double[] thr = new double[m + 1];
    thr[0] = Double.POSITIVE_INFINITY;
    for (int i = 0; i < m; i++) {
      fpr[i + 1] = g.fp()[i] / g.neg();
      tpr[i + 1] = g.tp()[i] / g.pos();
      thr[i + 1] = g.score()[i];
    }
    return new RocCurve(fpr, tpr, thr);
  }

  /**
   * The false positive rates.
   *
   * @return a copy
   */
  @Override
  public double[] falsePositiveRates() {
    return falsePositiveRates.clone();
  }

  /**
   * The true positive rates.
   *
   * @return a copy
   */
  @Override
  public double[] truePositiveRates() {
    return truePositiveRates.clone();
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
   * The number of points.
   *
   * @return the length of each array
   */
  public int size() {
    return thresholds.length;
  }

  /**
   * The area under this curve by the trapezoidal rule (equal to {@link RocAuc#of}).
   *
   * @return the area
   */
  public double area() {
    double a = 0;
    for (int i = 1; i < thresholds.length; i++) {
      a += (falsePositiveRates[i] - falsePositiveRates[i - 1])
          * (truePositiveRates[i] + truePositiveRates[i - 1]) / 2;
    }
    return a;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RocCurve r && Arrays.equals(falsePositiveRates, r.falsePositiveRates)
        && Arrays.equals(truePositiveRates, r.truePositiveRates)
        && Arrays.equals(thresholds, r.thresholds);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(falsePositiveRates) + Arrays.hashCode(truePositiveRates))
        + Arrays.hashCode(thresholds);
  }

  @Override
  public String toString() {
    return "RocCurve[" + thresholds.length + " points, area=" + area() + "]";
  }
}
