package org.genimage.eval.metrics;

/**
 * The expected calibration error of P(FAKE) over equal-width bins: {@code sum over non-empty bins of
 * (count / n) * |share of fakes - mean score|}, 15 bins by default. It says how far, on average, a
 * score is from the frequency of fakes among images with that score: 0.1 means "when the detector
 * says 70%, about 60% or 80% of those images are fake". Lower is better; see {@link
 * CalibrationCurve} for the bins and their edges.
 */
public final class ExpectedCalibrationError {
  private ExpectedCalibrationError() {}

  /**
   * Computes the ECE over {@link CalibrationCurve#DEFAULT_BINS} bins.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, each in [0, 1]
   * @return the ECE in [0, 1]
   * @throws org.genimage.api.BadArgumentException for bad inputs or a score outside [0, 1]
   */
  public static double of(int[] labels, double[] scores) {
    return of(labels, scores, CalibrationCurve.DEFAULT_BINS);
  }

  /**
   * Computes the ECE.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, each in [0, 1]
   * @param bins the number of equal-width bins, at least 1
   * @return the ECE in [0, 1]
   * @throws org.genimage.api.BadArgumentException for bad inputs, a score outside [0, 1] or no bin
   */
  public static double of(int[] labels, double[] scores, int bins) {
    return CalibrationCurve.of(labels, scores, bins).expectedCalibrationError();
  }
}
