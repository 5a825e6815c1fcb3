package org.genimage.api;

import java.util.Objects;

/**
 * Thrown when a parameter is out of its allowed range or otherwise invalid. The message names the
 * parameter, the value given and what is allowed, e.g. {@code quality = 0: allowed 1..100}.
 */
public class BadArgumentException extends GenImageException {
  private static final long serialVersionUID = 1L;

  private final String parameter;
  private final String allowed;

  /**
   * Creates the exception.
   *
   * @param parameter the parameter's name
   * @param value the value that was given (may be null)
   * @param allowed what would have been accepted
   */
  public BadArgumentException(String parameter, Object value, String allowed) {
    super(parameter + " = " + describe(value) + ": allowed " + allowed);
    this.parameter = parameter;
    this.allowed = allowed;
  }

  /**
   * Creates the exception with a free-form explanation.
   *
   * @param parameter the parameter's name
   * @param explanation what is wrong with it
   */
  public BadArgumentException(String parameter, String explanation) {
    super(parameter + ": " + explanation);
    this.parameter = parameter;
    this.allowed = explanation;
  }

  /**
   * The parameter at fault.
   *
   * @return its name
   */
  public String parameter() {
    return parameter;
  }

  /**
   * What would have been accepted.
   *
   * @return the allowed range or values, in words
   */
  public String allowed() {
    return allowed;
  }

  private static String describe(Object value) {
    if (value instanceof String s) {
      return "\"" + s + "\"";
    }
    return Objects.toString(value);
  }
}
