package org.genimage.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Thrown for an image that cannot be read or decoded: empty, truncated, not an image, too large (decompression bomb), or vanished.
 *
 * <p>The message always starts with the image file at fault, so a log line alone says where to look.
 * {@link #reason()} says what kind of fault it is, so code that sorts bad files (a verifier's report,
 * a loader's skip list) never has to match message text, which changes with the decoder's version.
 */
public class BadImageException extends GenImageException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String problem;
  private final Reason reason;

  /** What kind of fault a bad image has. */
  public enum Reason {
    /** The file has no bytes at all. */
    ZERO_BYTES,
    /** The file is missing, vanished, or cannot be read (an I/O error, a folder). */
    UNREADABLE,
    /** The file or the image its header declares is larger than the reader's limit. */
    TOO_LARGE,
    /** No installed reader recognises the content. */
    NOT_AN_IMAGE,
    /** The decoder needed bytes past the end of the file. */
    TRUNCATED,
    /** Anything else: corrupt data, a checksum mismatch, or a reason the thrower did not give. */
    UNDECODABLE
  }

  /**
   * Creates the exception with reason {@link Reason#UNDECODABLE}.
   *
   * @param file the image file at fault, or null when there is none (an in-memory source)
   * @param problem what is wrong with it, in a few words
   */
  public BadImageException(Path file, String problem) {
    this(file, Reason.UNDECODABLE, problem, null);
  }

  /**
   * Creates the exception with a reason.
   *
   * @param file the image file at fault, or null when there is none (an in-memory source)
   * @param reason what kind of fault it is
   * @param problem what is wrong with it, in a few words
   * @param cause the underlying failure, or null
   */
  public BadImageException(Path file, Reason reason, String problem, Throwable cause) {
    super((file == null ? "<in memory>" : file.toString()) + ": " + problem, cause);
    this.file = file;
    this.reason = reason == null ? Reason.UNDECODABLE : reason;
    this.problem = problem;
  }

  /**
   * Creates the exception with the underlying failure and reason {@link Reason#UNDECODABLE}.
   *
   * @param file the image file at fault, or null when there is none (an in-memory source)
   * @param problem what is wrong with it, in a few words
   * @param cause the underlying failure, or null
   */
  public BadImageException(Path file, String problem, Throwable cause) {
    this(file, Reason.UNDECODABLE, problem, cause);
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
   * What kind of fault the image has.
   *
   * @return the reason ({@link Reason#UNDECODABLE} when the thrower gave none)
   */
  public Reason reason() {
    return reason;
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
