package org.genimage.eval.metrics;

import java.util.Arrays;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * A reliability curve over equal-width bins of P(FAKE), as scikit-learn's {@code
 * calibration_curve(strategy="uniform")}, and the expected calibration error read off it.
 *
 * <p>Bin {@code k} of {@code B} holds the scores in {@code (k/B, (k+1)/B]}; bin 0 also holds 0
 * (edges as numpy's {@code linspace(0, 1, B + 1)}, a score on an edge goes to the lower bin, as in
 * scikit-learn 1.2). Only non-empty bins are listed. For each: how many images fell in it, the share
 * of them that is fake and their mean score. A calibrated detector has {@code fractionFake ≈
 * meanScore} in every bin.
 *
 * <p>The expected calibration error is {@code ECE = sum over bins of (count / n) * |fractionFake -
 * meanScore|}: the binary (positive-class) form of Guo et al.'s ECE, weighting each bin by its share
 * of the images. It is 0 for a calibrated detector and at most 1.
 *
 * @param bins the number of equal-width bins B
 * @param binIndices the index in {@code [0, B)} of each non-empty bin, increasing
 * @param counts the number of images in each listed bin
 * @param fractionFake the share of fake images in each listed bin (scikit-learn's {@code prob_true})
 * @param meanScore the mean score in each listed bin (scikit-learn's {@code prob_pred})
 */
public record CalibrationCurve(int bins, int[] binIndices, int[] counts, double[] fractionFake,
    double[] meanScore) {
  /** The default number of bins of the expected calibration error (Guo et al. 2017). */
  public static final int DEFAULT_BINS = 15;

  /**
   * Validates and copies the arrays.
   *
   * @throws BadArgumentException for fewer than one bin, null arrays or different lengths
   */
  public CalibrationCurve {
    checkBins(bins);
    binIndices = Checks.notNull("binIndices", binIndices).clone();
    counts = Checks.notNull("counts", counts).clone();
    fractionFake = Checks.notNull("fractionFake", fractionFake).clone();
    meanScore = Checks.notNull("meanScore", meanScore).clone();
    if (counts.length != binIndices.length) {
      throw new BadArgumentException("counts", "has " + counts.length + " values but binIndices has "
          + binIndices.length);
    }
    Curves.sameLength("fractionFake", fractionFake, "meanScore", meanScore);
    if (fractionFake.length != binIndices.length) {
      throw new BadArgumentException("fractionFake", "has " + fractionFake.length
          + " values but binIndices has " + binIndices.length);
    }
  }

  /**
   * Bins scores into {@link #DEFAULT_BINS} bins.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, each in [0, 1]
   * @return the curve
   * @throws BadArgumentException for bad inputs or a score outside [0, 1]
   */
  public static CalibrationCurve of(int[] labels, double[] scores) {
    return of(labels, scores, DEFAULT_BINS);
  }

  /**
   * Bins scores.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, each in [0, 1]
   * @param bins the number of equal-width bins, at least 1
   * @return the curve
   * @throws BadArgumentException for bad inputs or a score outside [0, 1] (scikit-learn raises too)
   */
  public static CalibrationCurve of(int[] labels, double[] scores, int bins) {
    MetricInputs.check(labels, scores);
    checkBins(bins);
    int[] count = new int[bins];
    double[] fakes = new double[bins];
    double[] sums = new double[bins];
    for (int i = 0; i < scores.length; i++) {
      if (!isProbability(scores[i])) {
        throw new BadArgumentException("scores[" + i + "]", scores[i],
            "a probability in [0, 1] (calibration reads scores as P(FAKE))");
      }
      int b = bin(scores[i], bins);
      count[b]++;
      fakes[b] += labels[i];
      sums[b] += scores[i];
    }
    int listed = (int) Arrays.stream(count).filter(c -> c > 0).count();
    int[] idx = new int[listed];
    int[] cnt = new int[listed];
    double[] frac = new double[listed];
    double[] mean = new double[listed];
    int j = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        idx[j] = b;
        cnt[j] = count[b];
        frac[j] = fakes[b] / count[b];
        mean[j] = sums[b] / count[b];
        j++;
      }
    }
    return new CalibrationCurve(bins, idx, cnt, frac, mean);
  }

  /**
   * The expected calibration error: {@code sum of (count / n) * |fractionFake - meanScore|}.
   *
   * @return the ECE in [0, 1]
   */
  public double expectedCalibrationError() {
    long n = 0;
    for (int c : counts) {
      n += c;
    }
    double ece = 0;
    for (int k = 0; k < counts.length; k++) {
      ece += (double) counts[k] / n * Math.abs(fractionFake[k] - meanScore[k]);
    }
    return ece;
  }

  /**
   * The bin indices.
   *
   * @return a copy
   */
  @Override
  public int[] binIndices() {
    return binIndices.clone();
  }

  /**
   * The counts.
   *
   * @return a copy
   */
  @Override
  public int[] counts() {
    return counts.clone();
  }

  /**
   * The shares of fakes.
   *
   * @return a copy
   */
  @Override
  public double[] fractionFake() {
    return fractionFake.clone();
  }

  /**
   * The mean scores.
   *
   * @return a copy
   */
  @Override
  public double[] meanScore() {
    return meanScore.clone();
  }

  /**
   * The bin of a score in [0, 1]: the number of inner edges {@code j / bins} strictly below it.
   * The edges are computed as numpy's {@code linspace} does ({@code j * (1.0 / bins)}), so a score
   * on an edge lands where scikit-learn puts it.
   */
  static int bin(double score, int bins) {
    double step = 1.0 / bins;
    int k = Math.min(bins - 1, Math.max(0, (int) Math.ceil(score * bins) - 1));
    // ceil(score * bins) can be one off the comparison with the rounded edges: settle it exactly.
    while (k > 0 && score <= k * step) {
      k--;
    }
    while (k < bins - 1 && score > (k + 1) * step) {
      k++;
    }
    return k;
  }

  static boolean isProbability(double score) {
    return score >= 0 && score <= 1;
  }

  static void checkBins(int bins) {
    if (bins < 1) {
      throw new BadArgumentException("bins", bins, "at least 1");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CalibrationCurve c && bins == c.bins
        && Arrays.equals(binIndices, c.binIndices) && Arrays.equals(counts, c.counts)
        && Arrays.equals(fractionFake, c.fractionFake) && Arrays.equals(meanScore, c.meanScore);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * bins + Arrays.hashCode(binIndices)) + Arrays.hashCode(counts))
        + Arrays.hashCode(meanScore);
  }

  @Override
  public String toString() {
    return "CalibrationCurve[" + bins + " bins, " + counts.length + " non-empty, ece="
        + expectedCalibrationError() + "]";
  }
}
