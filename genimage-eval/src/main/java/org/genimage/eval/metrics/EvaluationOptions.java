package org.genimage.eval.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * How a set of scores is evaluated: the decision threshold, the bootstrap, whether the oracle
 * accuracy is wanted, and the bins of the expected calibration error.
 *
 * @param threshold an image is predicted FAKE when its score is strictly above it (0.5, as in the
 *     paper and CNNDetection)
 * @param bootstrapReplicates the number of bootstrap replicates for confidence intervals, 0 for none
 * @param confidenceLevel the coverage of the intervals, in (0, 1)
 * @param seed the bootstrap's seed
 * @param oracle whether to compute {@link MetricId#ORACLE_ACCURACY}, the accuracy at a threshold
 *     tuned on the test labels (off by default: it is not a deployable figure)
 * @param calibrationBins the number of equal-width bins of {@link MetricId#ECE} (15 by default)
 */
public record EvaluationOptions(double threshold, int bootstrapReplicates, double confidenceLevel,
    long seed, boolean oracle, int calibrationBins) {
  /**
   * Validates the components.
   *
   * @throws BadArgumentException for a NaN threshold, negative replicates, a level outside (0, 1)
   *     or fewer than one calibration bin
   */
  public EvaluationOptions {
    CalibrationCurve.checkBins(calibrationBins);
    if (Double.isNaN(threshold)) {
      throw new BadArgumentException("threshold", threshold, "a number (not NaN)");
    }
    Checks.nonNegative("bootstrapReplicates", bootstrapReplicates);
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new BadArgumentException("confidenceLevel", confidenceLevel, "(0, 1)");
    }
  }

  /**
   * Options with the default {@link CalibrationCurve#DEFAULT_BINS} calibration bins (the
   * constructor from before the calibration error existed).
   *
   * @param threshold the decision threshold
   * @param bootstrapReplicates the number of bootstrap replicates, 0 for none
   * @param confidenceLevel the coverage of the intervals
   * @param seed the bootstrap's seed
   * @param oracle whether to compute the oracle accuracy
   */
  public EvaluationOptions(double threshold, int bootstrapReplicates, double confidenceLevel,
      long seed, boolean oracle) {
    this(threshold, bootstrapReplicates, confidenceLevel, seed, oracle,
        CalibrationCurve.DEFAULT_BINS);
  }

  /**
   * Threshold 0.5, 200 bootstrap replicates for 95% intervals with seed 0, no oracle, 15
   * calibration bins.
   *
   * @return the defaults
   */
  public static EvaluationOptions defaults() {
    return new EvaluationOptions(0.5, 200, 0.95, 0L, false, CalibrationCurve.DEFAULT_BINS);
  }

  /**
   * A copy with another threshold.
   *
   * @param value the threshold
   * @return the copy
   */
  public EvaluationOptions withThreshold(double value) {
    return new EvaluationOptions(value, bootstrapReplicates, confidenceLevel, seed, oracle,
        calibrationBins);
  }

  /**
   * A copy with another bootstrap.
   *
   * @param replicates the number of replicates, 0 for no intervals
   * @param level the coverage
   * @param bootstrapSeed the seed
   * @return the copy
   */
  public EvaluationOptions withBootstrap(int replicates, double level, long bootstrapSeed) {
    return new EvaluationOptions(threshold, replicates, level, bootstrapSeed, oracle,
        calibrationBins);
  }

  /**
   * A copy that does or does not compute the oracle accuracy.
   *
   * @param value whether to compute it
   * @return the copy
   */
  public EvaluationOptions withOracle(boolean value) {
    return new EvaluationOptions(threshold, bootstrapReplicates, confidenceLevel, seed, value,
        calibrationBins);
  }

  /**
   * A copy with another number of calibration bins.
   *
   * @param bins the number of equal-width bins of the expected calibration error, at least 1
   * @return the copy
   */
  public EvaluationOptions withCalibrationBins(int bins) {
    return new EvaluationOptions(threshold, bootstrapReplicates, confidenceLevel, seed, oracle, bins);
  }

  /**
   * The options as strings, for provenance.
   *
   * @return an ordered map
   */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("threshold", Double.toString(threshold));
    m.put("bootstrapReplicates", Integer.toString(bootstrapReplicates));
    m.put("confidenceLevel", Double.toString(confidenceLevel));
    m.put("bootstrapSeed", Long.toString(seed));
    m.put("oracle", Boolean.toString(oracle));
    m.put("calibrationBins", Integer.toString(calibrationBins));
    return m;
  }
}
