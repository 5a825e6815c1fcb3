package org.genimage.eval.metrics;

import org.genimage.api.BadArgumentException;

/**
 * The true positive rate at a false positive rate budget: the share of fake images caught by the
 * best threshold that calls at most that share of real images fake. It answers the deployment
 * question "how many fakes do we catch if we may flag only 1% of real photos?".
 *
 * <p>Read off scikit-learn's {@code roc_curve(drop_intermediate=False)} as a step, never
 * interpolated: the largest TPR of a curve point whose FPR is at most the budget. Every such point is
 * reached by a real threshold (FAKE when {@code score >= thresholds[i]}), so the figure is
 * achievable, and with ties it may sit well below a linearly interpolated value. The curve's first
 * point (0, 0) always qualifies, so the value is 0 when even the highest score group holds too many
 * real images.
 */
public final class TprAtFpr {
  /** The 1% FPR budget of {@link MetricId#TPR_AT_1PCT_FPR}. */
  public static final double ONE_PERCENT = 0.01;
  /** The 5% FPR budget of {@link MetricId#TPR_AT_5PCT_FPR}. */
  public static final double FIVE_PERCENT = 0.05;

  private TprAtFpr() {}

  /**
   * Computes the TPR at an FPR budget.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, same length
   * @param maxFpr the budget in [0, 1]
   * @return the TPR in [0, 1], or NaN when only one class is present
   * @throws BadArgumentException for bad inputs or a budget outside [0, 1]
   */
  public static double of(int[] labels, double[] scores, double maxFpr) {
    if (!(maxFpr >= 0 && maxFpr <= 1)) {
      throw new BadArgumentException("maxFpr", maxFpr, "a rate in [0, 1]");
    }
    Curves.Groups g = Curves.groups(labels, scores);
    if (g.pos() == 0 || g.neg() == 0) {
      return Double.NaN;
    }
    double best = 0;
    for (int i = 0; i < g.score().length && g.fp()[i] / g.neg() <= maxFpr; i++) {
      best = g.tp()[i] / g.pos();
    }
    return best;
  }
}
