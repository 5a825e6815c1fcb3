package org.genimage.eval.metrics;

/**
 * The equal error rate: the error rate at the threshold where the false positive rate (reals called
 * fake) equals the false negative rate (fakes called real). Read off the ROC curve by linear
 * interpolation between the two points where {@code FNR - FPR} changes sign. Lower is better; 0.5 is
 * chance.
 */
public final class EqualErrorRate {
  private EqualErrorRate() {}

  /**
   * Computes the EER.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, same length
   * @return the EER in [0, 1], or NaN when only one class is present
   * @throws org.genimage.api.BadArgumentException for different lengths, no samples, a label other
   *     than 0 or 1, a NaN score
   */
  public static double of(int[] labels, double[] scores) {
    return new ScoreSweep(labels, scores).compute(null, 0.5).eer();
  }
}
