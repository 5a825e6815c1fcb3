package org.genimage.eval.metrics;

import org.genimage.api.BadArgumentException;

/**
 * The false positive rate at a true positive rate goal: the share of real images called fake by the
 * best threshold that catches at least that share of the fakes ("FPR95" for a 95% goal, common in
 * out-of-distribution detection). Lower is better.
 *
 * <p>Read off scikit-learn's {@code roc_curve(drop_intermediate=False)} as a step, never
 * interpolated: the smallest FPR of a curve point whose TPR is at least the goal. The curve's last
 * point (1, 1) always qualifies.
 */
public final class FprAtTpr {
  /** The 95% TPR goal of {@link MetricId#FPR_AT_95PCT_TPR}. */
  public static final double NINETY_FIVE_PERCENT = 0.95;

  private FprAtTpr() {}

  /**
   * Computes the FPR at a TPR goal.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, same length
   * @param minTpr the goal in [0, 1]
   * @return the FPR in [0, 1], or NaN when only one class is present
   * @throws BadArgumentException for bad inputs or a goal outside [0, 1]
   */
  public static double of(int[] labels, double[] scores, double minTpr) {
    if (!(minTpr >= 0 && minTpr <= 1)) {
      throw new BadArgumentException("minTpr", minTpr, "a rate in [0, 1]");
    }
    Curves.Groups g = Curves.groups(labels, scores);
    if (g.pos() == 0 || g.neg() == 0) {
      return Double.NaN;
    }
    if (minTpr == 0) {
      return 0; // the point (0, 0) at threshold +infinity
    }
    for (int i = 0; i < g.score().length; i++) {
      if (g.tp()[i] / g.pos() >= minTpr) {
        return g.fp()[i] / g.neg();
      }
    }
    return 1; // unreachable: the last point has TPR 1
  }
}
