package org.genimage.api.internal;

import java.util.Collection;
import org.genimage.api.BadArgumentException;

/**
 * Argument checks whose failures name the parameter, its value and what was allowed. Internal to genimage:
 * not part of the API users program against.
 *
 * <p>Every option record and transform in genimage validates through these methods, so a bad
 * argument always surfaces as a {@link BadArgumentException} with the same kind of message.
 */
public final class Checks {
  private Checks() {}

  /**
   * Requires a non-null value.
   *
   * @param name the parameter name, used in the message
   * @param value the value to check
   * @param <T> the value's type
   * @return {@code value}
   * @throws BadArgumentException if {@code value} is null
   */
  public static <T> T notNull(String name, T value) {
    if (value == null) {
      throw new BadArgumentException(name, null, "a non-null value");
    }
    return value;
  }

  /**
   * Requires a string that is not null and not blank.
   *
   * @param name the parameter name
   * @param value the string
   * @return {@code value}
   * @throws BadArgumentException if it is null or blank
   */
  public static String notBlank(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new BadArgumentException(name, value, "a non-blank string");
    }
    return value;
  }

  /**
   * Requires a non-empty collection.
   *
   * @param name the parameter name
   * @param value the collection
   * @param <C> the collection type
   * @return {@code value}
   * @throws BadArgumentException if it is null or empty
   */
  public static <C extends Collection<?>> C notEmpty(String name, C value) {
    if (value == null || value.isEmpty()) {
      throw new BadArgumentException(name, value, "a non-empty collection");
    }
    return value;
  }

  /**
   * Requires {@code min <= value <= max}.
   *
   * @param name the parameter name
   * @param value the value
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @return {@code value}
   * @throws BadArgumentException if out of range
   */
  public static int inRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new BadArgumentException(name, value, min + ".." + max);
    }
    return value;
  }

  /**
   * Requires a finite {@code min <= value <= max}.
   *
   * @param name the parameter name
   * @param value the value
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @return {@code value}
   * @throws BadArgumentException if out of range or not finite
   */
  public static double inRange(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new BadArgumentException(name, value, "[" + min + ", " + max + "]");
    }
    return value;
  }

  /**
   * Requires {@code value > 0}.
   *
   * @param name the parameter name
   * @param value the value
   * @return {@code value}
   * @throws BadArgumentException if not positive
   */
  public static int positive(String name, int value) {
    if (value <= 0) {
      throw new BadArgumentException(name, value, "a positive integer");
    }
    return value;
  }

  /**
   * Requires a finite {@code value > 0}.
   *
   * @param name the parameter name
   * @param value the value
   * @return {@code value}
   * @throws BadArgumentException if not positive or not finite
   */
  public static double positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new BadArgumentException(name, value, "a finite positive number");
    }
    return value;
  }

  /**
   * Requires {@code value >= 0}.
   *
   * @param name the parameter name
   * @param value the value
   * @return {@code value}
   * @throws BadArgumentException if negative
   */
  public static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new BadArgumentException(name, value, "a non-negative integer");
    }
    return value;
  }

  /**
   * Requires a finite {@code value >= 0}.
   *
   * @param name the parameter name
   * @param value the value
   * @return {@code value}
   * @throws BadArgumentException if negative or not finite
   */
  public static double nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new BadArgumentException(name, value, "a finite non-negative number");
    }
    return value;
  }

  /**
   * Requires a probability in [0, 1].
   *
   * @param name the parameter name
   * @param value the value
   * @return {@code value}
   * @throws BadArgumentException if outside [0, 1] or NaN
   */
  public static double probability(String name, double value) {
    return inRange(name, value, 0.0, 1.0);
  }
}
