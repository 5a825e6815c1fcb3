package org.genimage.eval.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Every metric from one pass over the samples sorted by descending score, with ties grouped and an
 * integer weight per sample. Weight 1 everywhere gives the plain metrics; a bootstrap replicate is
 * the same samples with multinomial weights, so no replicate has to sort again (nor re-bin for the
 * calibration error).
 */
final class ScoreSweep {
  private final int[] labels;
  private final double[] scores;
  /** Sample indices by descending score. */
  private final int[] order;
  private final int bins;
  /** Each sample's calibration bin; null when a score is not a probability (ECE, Brier are NaN). */
  private final int[] binOf;

  ScoreSweep(int[] labels, double[] scores) {
    this(labels, scores, CalibrationCurve.DEFAULT_BINS);
  }

  ScoreSweep(int[] labels, double[] scores, int calibrationBins) {
    MetricInputs.check(labels, scores);
    CalibrationCurve.checkBins(calibrationBins);
    this.labels = labels;
    this.scores = scores;
    Integer[] boxed = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
    Arrays.sort(boxed, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    this.order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    this.bins = calibrationBins;
    int[] b = new int[scores.length];
    for (int i = 0; i < scores.length && b != null; i++) {
      b[i] = CalibrationCurve.isProbability(scores[i]) ? CalibrationCurve.bin(scores[i], bins) : -1;
      if (b[i] < 0) {
        b = null;
      }
    }
    this.binOf = b;
  }

  int size() {
    return labels.length;
  }

  int label(int i) {
    return labels[i];
  }

  /** The figures one sweep yields. NaN where a class needed by the metric has no weight. */
  record Stats(double accuracy, double realAccuracy, double fakeAccuracy, double averagePrecision,
      double rocAuc, double eer, double oracleAccuracy, double oracleThreshold, double tprAt1PctFpr,
      double tprAt5PctFpr, double fprAt95PctTpr, double ece, double brier) {}

  Stats compute(int[] weights, double threshold) {
    double pos = 0;
    double neg = 0;
    double posAbove = 0;
    double negAtOrBelow = 0;
    double squares = 0;
    double[] binFakes = new double[bins];
    double[] binScores = new double[bins];
    for (int i = 0; i < labels.length; i++) {
      double w = weights == null ? 1 : weights[i];
      if (binOf != null) {
        double d = scores[i] - labels[i];
        squares += w * d * d;
        binFakes[binOf[i]] += w * labels[i];
        binScores[binOf[i]] += w * scores[i];
      }
      if (labels[i] == 1) {
        pos += w;
        if (scores[i] > threshold) {
          posAbove += w;
        }
      } else {
        neg += w;
        if (!(scores[i] > threshold)) {
          negAtOrBelow += w;
        }
      }
    }
    double accuracy = (posAbove + negAtOrBelow) / (pos + neg);
    double realAcc = neg > 0 ? negAtOrBelow / neg : Double.NaN;
    double brier = binOf == null ? Double.NaN : squares / (pos + neg);
    double ece = Double.NaN;
    if (binOf != null) {
      // sum of (n_b / n) |fakes_b / n_b - scores_b / n_b| = sum of |fakes_b - scores_b| / n
      ece = 0;
      for (int b = 0; b < bins; b++) {
        ece += Math.abs(binFakes[b] - binScores[b]);
      }
      ece /= pos + neg;
    }
    double fakeAcc = pos > 0 ? posAbove / pos : Double.NaN;

    double tp = 0;
    double fp = 0;
    double ap = 0;
    double auc = 0;
    double eer = Double.NaN;
    double prevFpr = 0;
    double prevFnr = 1;
    // The ROC curve's first point (0, 0) reaches FPR <= 1%, 5%; no point has reached TPR >= 95%.
    double tprAt1 = 0;
    double tprAt5 = 0;
    double fprAt95 = Double.NaN;
    // Threshold "> max score": nothing predicted fake, all reals right.
    double bestCorrect = neg;
    double bestThreshold = scores[order[0]];
    int k = 0;
    while (k < order.length) {
      double s = scores[order[k]];
      double groupTp = 0;
      double groupFp = 0;
      while (k < order.length && scores[order[k]] == s) {
        int i = order[k++];
        double w = weights == null ? 1 : weights[i];
        if (labels[i] == 1) {
          groupTp += w;
        } else {
          groupFp += w;
        }
      }
      if (groupTp == 0 && groupFp == 0) {
        continue;
      }
      double newTp = tp + groupTp;
      double newFp = fp + groupFp;
      if (pos > 0 && groupTp > 0) {
        ap += (groupTp / pos) * (newTp / (newTp + newFp));
      }
      if (pos > 0 && neg > 0) {
        // Trapezoids: a tied group contributes half of its fake-real pairs, as mid-ranks do.
        auc += groupFp * (tp + newTp) / 2.0;
        double fpr = newFp / neg;
        double fnr = 1 - newTp / pos;
        if (Double.isNaN(eer) && fnr <= fpr) {
          double dPrev = prevFnr - prevFpr;
          double dNow = fnr - fpr;
          double t = dPrev == dNow ? 0 : dPrev / (dPrev - dNow);
          eer = prevFpr + t * (fpr - prevFpr);
        }
        prevFpr = fpr;
        prevFnr = fnr;
        // Steps of roc_curve(drop_intermediate=False): rates only grow down the sweep, so the last
        // point within the FPR budget has the largest TPR, the first past the TPR goal the least FPR.
        double tpr = newTp / pos;
        if (fpr <= TprAtFpr.ONE_PERCENT) {
          tprAt1 = tpr;
        }
        if (fpr <= TprAtFpr.FIVE_PERCENT) {
          tprAt5 = tpr;
        }
        if (Double.isNaN(fprAt95) && tpr >= FprAtTpr.NINETY_FIVE_PERCENT) {
          fprAt95 = fpr;
        }
      }
      tp = newTp;
      fp = newFp;
      double correct = tp + (neg - fp);
      if (correct > bestCorrect) {
        bestCorrect = correct;
        bestThreshold = k < order.length ? Curves.between(scores[order[k]], s) : Math.nextDown(s);
      }
    }
    double n = pos + neg;
    return new Stats(accuracy, realAcc, fakeAcc,
        pos > 0 ? ap : Double.NaN,
        pos > 0 && neg > 0 ? auc / (pos * neg) : Double.NaN,
        pos > 0 && neg > 0 ? eer : Double.NaN,
        bestCorrect / n, bestThreshold,
        pos > 0 && neg > 0 ? tprAt1 : Double.NaN,
        pos > 0 && neg > 0 ? tprAt5 : Double.NaN,
        pos > 0 && neg > 0 ? fprAt95 : Double.NaN,
        ece, brier);
  }
}
