package org.genimage.detectors.onednn.graph;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * The smallest and largest value each quantised convolution's input, output and residual addend took over a
 * calibration set: what an int8 plan ({@link org.genimage.api.Precision#INT8}) derives its activation scales from.
 * Keyed by the convolution's weight name and the role, e.g. {@code layer1.0.conv1.weight/in},
 * {@code .../out}, {@code .../sum}, so ranges collected by one compilation apply to any later compilation of the
 * same architecture (another batch size, another process). Collected by
 * {@link InferencePlan#collectRanges}; stored in detector files.
 *
 * @param ranges the range of each key
 */
public record ActivationRanges(Map<String, Range> ranges) {
  /** The role of a convolution's source in a key. */
  public static final String INPUT = "in";
  /** The role of a convolution's (fused) output in a key. */
  public static final String OUTPUT = "out";
  /** The role of a fused residual addend in a key. */
  public static final String ADDEND = "sum";

  /**
   * Copies the map into a sorted, unmodifiable one.
   *
   * @throws BadArgumentException for a null map, a blank key or a null range
   */
  public ActivationRanges {
    Checks.notNull("ranges", ranges);
    TreeMap<String, Range> copy = new TreeMap<>();
    ranges.forEach((k, v) -> copy.put(Checks.notBlank("ranges key", k), Checks.notNull("range of " + k, v)));
    ranges = Collections.unmodifiableMap(copy);
  }

  /**
   * The key of a convolution's value.
   *
   * @param weightName the convolution's weight name
   * @param role       {@link #INPUT}, {@link #OUTPUT} or {@link #ADDEND}
   * @return {@code weightName + "/" + role}
   */
  public static String key(String weightName, String role) {
    return weightName + "/" + role;
  }

  /**
   * The ranges covering this one's and another's: for each key in either, the union of its intervals (ranges
   * collected on parts of a calibration set combine into the whole set's).
   *
   * @param other other ranges
   * @return the union
   */
  public ActivationRanges union(ActivationRanges other) {
    Map<String, Range> m = new TreeMap<>(ranges);
    other.ranges.forEach((k, v) -> m.merge(k, v, Range::union));
    return new ActivationRanges(m);
  }

  /**
   * How many ranges.
   *
   * @return the number of keys
   */
  public int size() {
    return ranges.size();
  }

  /**
   * The closed interval of values a tensor took.
   *
   * @param min the smallest value
   * @param max the largest value
   */
  public record Range(float min, float max) {
    /**
     * Validates the interval.
     *
     * @throws BadArgumentException when a bound is not finite or {@code min > max}
     */
    public Range {
      if (!Float.isFinite(min) || !Float.isFinite(max) || min > max) {
        throw new BadArgumentException("range", "[" + min + ", " + max + "]", "finite bounds with min <= max");
      }
    }

    /**
     * The interval covering this one and another.
     *
     * @param other another interval
     * @return the smallest interval containing both
     */
    public Range union(Range other) {
      return new Range(Math.min(min, other.min), Math.max(max, other.max));
    }
  }
}
