package org.genimage.eval.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Checks;

/**
 * How a set of scores is evaluated: the decision threshold, the bootstrap, and whether the oracle
 * accuracy is wanted.
 *
 * @param threshold an image is predicted FAKE when its score is strictly above it (0.5, as in the
 *     paper and CNNDetection)
 * @param bootstrapReplicates the number of bootstrap replicates for confidence intervals, 0 for none
 * @param confidenceLevel the coverage of the intervals, in (0, 1)
 * @param seed the bootstrap's seed
 * @param oracle whether to compute {@link MetricId#ORACLE_ACCURACY}, the accuracy at a threshold
 *     tuned on the test labels (off by default: it is not a deployable figure)
 */
public record EvaluationOptions(double threshold, int bootstrapReplicates, double confidenceLevel,
    long seed, boolean oracle) {
  /**
   * Validates the components.
   *
   * @throws BadArgumentException for a NaN threshold, negative replicates or a level outside (0, 1)
   */
  public EvaluationOptions {
    if (Double.isNaN(threshold)) {
      throw new BadArgumentException("threshold", threshold, "a number (not NaN)");
    }
    Checks.nonNegative("bootstrapReplicates", bootstrapReplicates);
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new BadArgumentException("confidenceLevel", confidenceLevel, "(0, 1)");
    }
  }

  /**
   * Threshold 0.5, 200 bootstrap replicates for 95% intervals with seed 0, no oracle.
   *
   * @return the defaults
   */
  public static EvaluationOptions defaults() {
    return new EvaluationOptions(0.5, 200, 0.95, 0L, false);
  }

  /**
   * A copy with another threshold.
   *
   * @param value the threshold
   * @return the copy
   */
  public EvaluationOptions withThreshold(double value) {
    return new EvaluationOptions(value, bootstrapReplicates, confidenceLevel, seed, oracle);
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
    return new EvaluationOptions(threshold, replicates, level, bootstrapSeed, oracle);
  }

  /**
   * A copy that does or does not compute the oracle accuracy.
   *
   * @param value whether to compute it
   * @return the copy
   */
  public EvaluationOptions withOracle(boolean value) {
    return new EvaluationOptions(threshold, bootstrapReplicates, confidenceLevel, seed, value);
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
    return m;
  }
}
