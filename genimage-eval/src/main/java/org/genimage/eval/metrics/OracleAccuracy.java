package org.genimage.eval.metrics;

/**
 * The best accuracy any threshold reaches on these very labels: an <em>oracle</em> figure, since a
 * deployed detector cannot tune its threshold on the test labels. Reports label it as such; it
 * shows how much of a poor accuracy at 0.5 is miscalibration rather than lack of separation.
 *
 * @param accuracy the highest accuracy over all thresholds
 * @param threshold a threshold that reaches it (FAKE when {@code score > threshold}), half-way
 *     between two neighbouring scores
 */
public record OracleAccuracy(double accuracy, double threshold) {
  /**
   * Searches every threshold between distinct scores.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, same length
   * @return the best accuracy and its threshold
   * @throws org.genimage.api.BadArgumentException for different lengths, no samples, a label other
   *     than 0 or 1, a NaN score
   */
  public static OracleAccuracy of(int[] labels, double[] scores) {
    ScoreSweep.Stats stats = new ScoreSweep(labels, scores).compute(null, 0.5);
    return new OracleAccuracy(stats.oracleAccuracy(), stats.oracleThreshold());
  }
}
