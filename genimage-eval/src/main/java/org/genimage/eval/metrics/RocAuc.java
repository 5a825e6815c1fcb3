package org.genimage.eval.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The area under the ROC curve, computed as the Mann-Whitney statistic with mid-ranks for tied
 * scores: the probability that a random fake image scores above a random real one, ties counting
 * one half. This equals scikit-learn's {@code roc_auc_score} (trapezoids over tied groups).
 */
public final class RocAuc {
  private RocAuc() {}

  /**
   * Computes the ROC AUC.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, same length
   * @return the AUC in [0, 1], or NaN when only one class is present (scikit-learn raises)
   * @throws org.genimage.api.BadArgumentException for different lengths, no samples, a label other
   *     than 0 or 1, a NaN score
   */
  public static double of(int[] labels, double[] scores) {
    MetricInputs.check(labels, scores);
    int n = labels.length;
    long pos = MetricInputs.count(labels, 1);
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    Integer[] boxed = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(boxed, Comparator.comparingDouble(i -> scores[i]));
    double rankSumFake = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[boxed[j + 1]] == scores[boxed[i]]) {
        j++;
      }
      // Ranks i+1 .. j+1 are tied: each gets their mean.
      double midRank = (i + 1 + j + 1) / 2.0;
      for (int k = i; k <= j; k++) {
        if (labels[boxed[k]] == 1) {
          rankSumFake += midRank;
        }
      }
      i = j + 1;
    }
    double u = rankSumFake - pos * (pos + 1) / 2.0;
    return u / ((double) pos * neg);
  }
}
