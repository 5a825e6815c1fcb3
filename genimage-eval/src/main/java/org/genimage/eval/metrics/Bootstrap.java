package org.genimage.eval.metrics;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.genimage.api.internal.Checks;

/**
 * Seeded, stratified bootstrap confidence intervals for every {@link MetricId} at once.
 *
 * <p>Each replicate redraws, with replacement, as many real images from the real ones and as many fake
 * images from the fake ones as the test set has (stratified, so every replicate keeps the test set's
 * class balance and AUC stays defined). The interval is the percentile interval of the replicates'
 * values. The same seed always gives the same interval. Replicates are weights over one sorted copy
 * of the scores, so a replicate costs one linear pass, not a sort.
 */
final class Bootstrap {
  private Bootstrap() {}

  /**
   * Computes percentile intervals for every metric.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image, same length
   * @param threshold the threshold of the accuracy metrics
   * @param replicates how many resamples, at least 1
   * @param level the coverage in (0, 1), e.g. 0.95
   * @param seed the random seed
   * @return an interval per metric; a metric undefined in every replicate (AP without fakes) is
   *     left out
   * @throws org.genimage.api.BadArgumentException for bad inputs
   */
  static Map<MetricId, ConfidenceInterval> intervals(int[] labels, double[] scores,
      double threshold, int replicates, double level, long seed) {
    ScoreSweep sweep = new ScoreSweep(labels, scores);
    return intervals(sweep, threshold, replicates, level, seed);
  }

  /**
   * The ROC AUC's interval of a baseline's scores, drawn from the same resamples as a detector's
   * under {@code options} (same seed and replicates); empty when the options ask for no bootstrap.
   */
  static Optional<ConfidenceInterval> rocAucInterval(int[] labels, double[] scores,
      EvaluationOptions options) {
    if (options.bootstrapReplicates() == 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(intervals(labels, scores, options.threshold(),
        options.bootstrapReplicates(), options.confidenceLevel(), options.seed())
        .get(MetricId.ROC_AUC));
  }

  static Map<MetricId, ConfidenceInterval> intervals(ScoreSweep sweep, double threshold,
      int replicates, double level, long seed) {
    Checks.positive("replicates", replicates);
    if (!(level > 0 && level < 1)) {
      throw new org.genimage.api.BadArgumentException("level", level, "(0, 1)");
    }
    int n = sweep.size();
    int[] real = new int[n];
    int[] fake = new int[n];
    int nr = 0;
    int nf = 0;
    for (int i = 0; i < n; i++) {
      if (sweep.label(i) == 1) {
        fake[nf++] = i;
      } else {
        real[nr++] = i;
      }
    }
    MetricId[] ids = MetricId.values();
    double[][] values = new double[ids.length][replicates];
    SplittableRandom random = new SplittableRandom(seed);
    int[] weights = new int[n];
    for (int r = 0; r < replicates; r++) {
      Arrays.fill(weights, 0);
      for (int k = 0; k < nr; k++) {
        weights[real[random.nextInt(nr)]]++;
      }
      for (int k = 0; k < nf; k++) {
        weights[fake[random.nextInt(nf)]]++;
      }
      ScoreSweep.Stats s = sweep.compute(weights, threshold);
      for (int m = 0; m < ids.length; m++) {
        values[m][r] = value(s, ids[m]);
      }
    }
    Map<MetricId, ConfidenceInterval> out = new EnumMap<>(MetricId.class);
    for (int m = 0; m < ids.length; m++) {
      double[] v = Arrays.stream(values[m]).filter(x -> !Double.isNaN(x)).sorted().toArray();
      if (v.length == 0) {
        continue;
      }
      double alpha = (1 - level) / 2;
      out.put(ids[m], new ConfidenceInterval(quantile(v, alpha), quantile(v, 1 - alpha), level,
          replicates, seed));
    }
    return out;
  }

  static double value(ScoreSweep.Stats s, MetricId id) {
    return switch (id) {
      case ACCURACY -> s.accuracy();
      case REAL_ACCURACY -> s.realAccuracy();
      case FAKE_ACCURACY -> s.fakeAccuracy();
      case AVERAGE_PRECISION -> s.averagePrecision();
      case ROC_AUC -> s.rocAuc();
      case EER -> s.eer();
      case ORACLE_ACCURACY -> s.oracleAccuracy();
      case TPR_AT_1PCT_FPR -> s.tprAt1PctFpr();
      case TPR_AT_5PCT_FPR -> s.tprAt5PctFpr();
      case FPR_AT_95PCT_TPR -> s.fprAt95PctTpr();
      case ECE -> s.ece();
      case BRIER -> s.brier();
    };
  }

  /** Linear interpolation between order statistics (numpy's default "linear" method). */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
