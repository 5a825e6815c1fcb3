package org.genimage.eval.metrics;

import org.genimage.api.BadArgumentException;

/**
 * Accuracy at a fixed threshold: an image is predicted {@code FAKE} when its score is strictly above
 * the threshold (CNNDetection's {@code y_pred > 0.5}), {@code REAL} otherwise.
 *
 * <p>Labels are 0 ({@code REAL}) and 1 ({@code FAKE}); scores are P(FAKE). Real accuracy is the
 * accuracy over the real images only (the true-negative rate), fake accuracy over the fake ones
 * only (the true-positive rate): a detector that calls everything fake has fake accuracy 1 and real
 * accuracy 0, which plain accuracy on a balanced set hides as 0.5.
 */
public final class Accuracy {
  private Accuracy() {}

  /**
   * The fraction of images classified correctly.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, same length
   * @param threshold predicted FAKE when {@code score > threshold}
   * @return the accuracy in [0, 1]
   * @throws org.genimage.api.BadArgumentException for different lengths, no samples, a label other
   *     than 0 or 1, a NaN score or threshold
   */
  public static double of(int[] labels, double[] scores, double threshold) {
    return sweep(labels, scores, threshold).accuracy();
  }

  /**
   * The accuracy on real images: the fraction with {@code score <= threshold}.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image
   * @param threshold the decision threshold
   * @return the real accuracy, or NaN when there is no real image
   */
  public static double real(int[] labels, double[] scores, double threshold) {
    return sweep(labels, scores, threshold).realAccuracy();
  }

  /**
   * The accuracy on fake images: the fraction with {@code score > threshold}.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image
   * @param threshold the decision threshold
   * @return the fake accuracy, or NaN when there is no fake image
   */
  public static double fake(int[] labels, double[] scores, double threshold) {
    return sweep(labels, scores, threshold).fakeAccuracy();
  }

  private static ScoreSweep.Stats sweep(int[] labels, double[] scores, double threshold) {
    if (Double.isNaN(threshold)) {
      throw new BadArgumentException("threshold", threshold, "a number (not NaN)");
    }
    return new ScoreSweep(labels, scores).compute(null, threshold);
  }
}
