package org.genimage.eval.metrics;

import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * A bootstrap percentile confidence interval of a metric.
 *
 * @param lower the lower bound (NaN when the metric was undefined in too many replicates)
 * @param upper the upper bound
 * @param level the coverage, e.g. 0.95
 * @param replicates the number of bootstrap replicates drawn
 * @param seed the seed the replicates were drawn with
 */
public record ConfidenceInterval(double lower, double upper, double level, int replicates,
    long seed) {
  /**
   * Validates the components.
   *
   * @throws BadArgumentException if {@code lower > upper}, the level is not in (0, 1) or replicates
   *     is not positive
   */
  public ConfidenceInterval {
    if (lower > upper) {
      throw new BadArgumentException("lower", lower, "at most upper (" + upper + ")");
    }
    if (!(level > 0 && level < 1)) {
      throw new BadArgumentException("level", level, "(0, 1)");
    }
    Checks.positive("replicates", replicates);
  }

  /**
   * Whether a value lies inside the interval (bounds included).
   *
   * @param value the value
   * @return true if {@code lower <= value <= upper}
   */
  public boolean contains(double value) {
    return value >= lower && value <= upper;
  }

  /**
   * The interval's width.
   *
   * @return {@code upper - lower}
   */
  public double width() {
    return upper - lower;
  }
}
