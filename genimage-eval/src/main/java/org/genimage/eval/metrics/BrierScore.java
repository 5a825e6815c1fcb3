package org.genimage.eval.metrics;

import org.genimage.api.BadArgumentException;

/**
 * The Brier score: the mean squared difference between P(FAKE) and the label (1 for FAKE, 0 for
 * REAL), as scikit-learn's {@code brier_score_loss}. It rewards both separation and calibration: 0
 * is perfect, 0.25 is a constant 0.5, 1 is confidently wrong everywhere. Lower is better.
 */
public final class BrierScore {
  private BrierScore() {}

  /**
   * Computes the Brier score.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, each in [0, 1]
   * @return the score in [0, 1]
   * @throws BadArgumentException for bad inputs or a score outside [0, 1] (scikit-learn raises too)
   */
  public static double of(int[] labels, double[] scores) {
    MetricInputs.check(labels, scores);
    double sum = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!CalibrationCurve.isProbability(scores[i])) {
        throw new BadArgumentException("scores[" + i + "]", scores[i], "a probability in [0, 1]");
      }
      double d = scores[i] - labels[i];
      sum += d * d;
    }
    return sum / scores.length;
  }
}
