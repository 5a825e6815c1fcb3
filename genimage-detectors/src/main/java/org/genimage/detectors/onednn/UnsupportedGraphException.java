package org.genimage.detectors.onednn;

/**
 * Thrown when a graph holds something the oneDNN plans cannot run (an op without a lowering, a layout or option
 * they do not support), or when the oneDNN library cannot be loaded on this platform. The message
 * names the op or the reason; callers fall back to SameDiff.
 */
public final class UnsupportedGraphException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a reason.
   *
   * @param message what is not supported
   */
  public UnsupportedGraphException(String message) {
    super(message);
  }

  /**
   * An exception with a reason and a cause.
   *
   * @param message what is not supported
   * @param cause   the underlying failure
   */
  public UnsupportedGraphException(String message, Throwable cause) {
    super(message, cause);
  }
}
