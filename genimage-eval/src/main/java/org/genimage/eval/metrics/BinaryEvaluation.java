package org.genimage.eval.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * The metrics of one set of scores: a typed view over a map of {@link MetricId} to value, with
 * optional bootstrap intervals. Undefined metrics (AUC with one class; the calibration error and the
 * Brier score when a score is not a probability in [0, 1]) are NaN; the oracle accuracy is present
 * only when it was asked for.
 *
 * <pre>{@code
 * BinaryEvaluation e = BinaryEvaluation.of(labels, scores, EvaluationOptions.defaults());
 * double acc = e.accuracy();               // at 0.5
 * double auc = e.rocAuc();                 // threshold-free
 * double tpr = e.tprAt1PctFpr();           // fakes caught when 1% of real photos may be flagged
 * double ece = e.expectedCalibrationError();
 * e.interval(MetricId.ROC_AUC).ifPresent(ci -> System.out.println(ci.lower() + ".." + ci.upper()));
 * }</pre>
 *
 * @param samples the number of scored images
 * @param realSamples how many of them are real
 * @param fakeSamples how many are fake
 * @param threshold the threshold the accuracies used
 * @param metrics every computed metric by id (immutable)
 * @param intervals bootstrap intervals by id (immutable, empty when none were asked for)
 * @param oracleThreshold the threshold behind {@link MetricId#ORACLE_ACCURACY}, NaN when it was not
 *     computed
 */
public record BinaryEvaluation(int samples, int realSamples, int fakeSamples, double threshold,
    Map<MetricId, Double> metrics, Map<MetricId, ConfidenceInterval> intervals,
    double oracleThreshold) {
  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException if counts disagree or a map is null
   */
  public BinaryEvaluation {
    Checks.nonNegative("realSamples", realSamples);
    Checks.nonNegative("fakeSamples", fakeSamples);
    if (samples != realSamples + fakeSamples) {
      throw new BadArgumentException("samples", samples, "realSamples + fakeSamples = "
          + (realSamples + fakeSamples));
    }
    metrics = copy(Checks.notNull("metrics", metrics));
    intervals = copy(Checks.notNull("intervals", intervals));
  }

  private static <V> Map<MetricId, V> copy(Map<MetricId, V> m) {
    return m.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(m));
  }

  /**
   * Evaluates scores.
   *
   * @param labels 0 (REAL) or 1 (FAKE) per image
   * @param scores P(FAKE) per image, same length
   * @param options threshold, bootstrap and oracle settings
   * @return the evaluation
   * @throws BadArgumentException for different lengths, no samples, bad labels or NaN scores
   */
  public static BinaryEvaluation of(int[] labels, double[] scores, EvaluationOptions options) {
    Checks.notNull("options", options);
    ScoreSweep sweep = new ScoreSweep(labels, scores, options.calibrationBins());
    ScoreSweep.Stats stats = sweep.compute(null, options.threshold());
    Map<MetricId, Double> m = new EnumMap<>(MetricId.class);
    for (MetricId id : MetricId.values()) {
      if (id != MetricId.ORACLE_ACCURACY || options.oracle()) {
        m.put(id, Bootstrap.value(stats, id));
      }
    }
    Map<MetricId, ConfidenceInterval> ci = new EnumMap<>(MetricId.class);
    if (options.bootstrapReplicates() > 0) {
      ci.putAll(Bootstrap.intervals(sweep, options.threshold(), options.bootstrapReplicates(),
          options.confidenceLevel(), options.seed()));
      if (!options.oracle()) {
        ci.remove(MetricId.ORACLE_ACCURACY);
      }
    }
    int fakes = MetricInputs.count(labels, 1);
    return new BinaryEvaluation(labels.length, labels.length - fakes, fakes, options.threshold(), m,
        ci, options.oracle() ? stats.oracleThreshold() : Double.NaN);
  }

  /**
   * Evaluates float scores as detectors return them.
   *
   * @param labels 0 or 1 per image
   * @param scores P(FAKE) per image
   * @param options the settings
   * @return the evaluation
   */
  public static BinaryEvaluation of(int[] labels, float[] scores, EvaluationOptions options) {
    return of(labels, MetricInputs.toDouble(scores), options);
  }

  /**
   * One metric's value.
   *
   * @param id the metric
   * @return its value (NaN if undefined)
   * @throws BadArgumentException if it was not computed (the oracle accuracy when not asked for)
   */
  public double get(MetricId id) {
    Double v = metrics.get(Checks.notNull("id", id));
    if (v == null) {
      throw new BadArgumentException("id", id.id(), "a computed metric; " + id.id()
          + " was not asked for (see EvaluationOptions.withOracle)");
    }
    return v;
  }

  /**
   * A metric's bootstrap interval.
   *
   * @param id the metric
   * @return the interval, or empty when no bootstrap ran or the metric was undefined
   */
  public Optional<ConfidenceInterval> interval(MetricId id) {
    return Optional.ofNullable(intervals.get(id));
  }

  /**
   * Accuracy at {@link #threshold()}.
   *
   * @return the accuracy
   */
  public double accuracy() {
    return get(MetricId.ACCURACY);
  }

  /**
   * Accuracy on real images.
   *
   * @return the real accuracy, NaN without real images
   */
  public double realAccuracy() {
    return get(MetricId.REAL_ACCURACY);
  }

  /**
   * Accuracy on fake images.
   *
   * @return the fake accuracy, NaN without fake images
   */
  public double fakeAccuracy() {
    return get(MetricId.FAKE_ACCURACY);
  }

  /**
   * Average precision.
   *
   * @return AP, NaN without fake images
   */
  public double averagePrecision() {
    return get(MetricId.AVERAGE_PRECISION);
  }

  /**
   * ROC AUC.
   *
   * @return the AUC, NaN with one class only
   */
  public double rocAuc() {
    return get(MetricId.ROC_AUC);
  }

  /**
   * Equal error rate.
   *
   * @return the EER, NaN with one class only
   */
  public double eer() {
    return get(MetricId.EER);
  }

  /**
   * The true positive rate at 1% false positive rate (see {@link TprAtFpr}).
   *
   * @return the TPR, NaN with one class only
   */
  public double tprAt1PctFpr() {
    return get(MetricId.TPR_AT_1PCT_FPR);
  }

  /**
   * The true positive rate at 5% false positive rate (see {@link TprAtFpr}).
   *
   * @return the TPR, NaN with one class only
   */
  public double tprAt5PctFpr() {
    return get(MetricId.TPR_AT_5PCT_FPR);
  }

  /**
   * The false positive rate at 95% true positive rate (see {@link FprAtTpr}).
   *
   * @return the FPR, NaN with one class only
   */
  public double fprAt95PctTpr() {
    return get(MetricId.FPR_AT_95PCT_TPR);
  }

  /**
   * The expected calibration error over the options' equal-width bins (see {@link
   * CalibrationCurve}).
   *
   * @return the ECE, NaN when a score is outside [0, 1]
   */
  public double expectedCalibrationError() {
    return get(MetricId.ECE);
  }

  /**
   * The Brier score (see {@link BrierScore}).
   *
   * @return the Brier score, NaN when a score is outside [0, 1]
   */
  public double brierScore() {
    return get(MetricId.BRIER);
  }

  /**
   * The oracle accuracy (threshold tuned on these labels), if it was asked for.
   *
   * @return the oracle accuracy, or empty
   */
  public Optional<Double> oracleAccuracy() {
    return Optional.ofNullable(metrics.get(MetricId.ORACLE_ACCURACY));
  }
}
