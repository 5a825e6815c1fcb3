package org.genimage.eval.metrics;

/**
 * Average precision, with scikit-learn's definition: {@code AP = sum_n (R_n - R_{n-1}) P_n} over the
 * distinct scores taken as thresholds from the highest down, where {@code P_n} and {@code R_n} are the
 * precision and recall of "FAKE when score >= threshold n". No interpolation: this is not the
 * trapezoidal area under the precision-recall curve, which is optimistic.
 */
public final class AveragePrecision {
  private AveragePrecision() {}

  /**
   * Computes the average precision of FAKE (label 1) detection.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, same length
   * @return AP in [0, 1], or NaN when there is no fake image (scikit-learn warns and returns 0)
   * @throws org.genimage.api.BadArgumentException for different lengths, no samples, a label other
   *     than 0 or 1, a NaN score
   */
  public static double of(int[] labels, double[] scores) {
    return new ScoreSweep(labels, scores).compute(null, 0.5).averagePrecision();
  }
}
