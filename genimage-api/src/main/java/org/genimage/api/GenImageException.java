package org.genimage.api;

/**
 * The root of genimage's unchecked exceptions. Catch it to handle every failure the library reports
 * on purpose; catch a subclass to handle one kind (a bad image, a bad dataset layout, a bad model file,
 * a bad argument).
 */
public class GenImageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, naming the file or parameter at fault
   */
  public GenImageException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong, naming the file or parameter at fault
   * @param cause the underlying failure
   */
  public GenImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
