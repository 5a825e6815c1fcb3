package org.genimage.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Thrown for an image that cannot be read or decoded: empty, truncated, not an image, too large (decompression bomb), or vanished.
 *
 * <p>The message always starts with the image file at fault, so a log line alone says where to look.
 */
public class BadImageException extends GenImageException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param file the image file at fault, or null when there is none (an in-memory source)
   * @param problem what is wrong with it, in a few words
   */
  public BadImageException(Path file, String problem) {
    this(file, problem, null);
  }

  /**
   * Creates the exception with the underlying failure.
   *
   * @param file the image file at fault, or null when there is none (an in-memory source)
   * @param problem what is wrong with it, in a few words
   * @param cause the underlying failure, or null
   */
  public BadImageException(Path file, String problem, Throwable cause) {
    super((file == null ? "<in memory>" : file.toString()) + ": " + problem, cause);
    this.file = file;
    this.problem = problem;
  }

  /**
   * The image file at fault.
   *
   * @return its path, or empty for an in-memory source
   */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /**
   * What is wrong, without the file name.
   *
   * @return the problem description
   */
  public String problem() {
    return problem;
  }
}
