package org.genimage.examples.cli;

import org.genimage.api.BadArgumentException;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadImageException;
import org.genimage.api.BadModelFileException;
import picocli.CommandLine;

/** The tool's exit codes, and the mapping from the api's typed exceptions to them. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;
  /** The work failed for another reason (an I/O error, a bug). */
  public static final int FAILED = 1;
  /** The command line was wrong: an unknown option, a missing or invalid argument. */
  public static final int USAGE = 2;
  /** The input was bad: an undecodable image, a bad model file, a wrong dataset layout. */
  public static final int BAD_INPUT = 3;
  /**
   * What {@code verify} and {@code verify-archives} return when the release is incomplete or a
   * piece is wrong: the same code as {@link #BAD_INPUT}, since the input is what is wrong.
   */
  public static final int INCOMPLETE = BAD_INPUT;

  private ExitCodes() {}

  /**
   * The exit code for an exception.
   *
   * @param e the exception
   * @return {@link #BAD_INPUT} for bad images, model files and dataset layouts, {@link #USAGE} for
   *     bad arguments and picocli's parameter errors, else {@link #FAILED}
   */
  public static int of(Throwable e) {
    if (e instanceof BadImageException || e instanceof BadModelFileException
        || e instanceof BadDatasetLayoutException) {
      return BAD_INPUT;
    }
    if (e instanceof BadArgumentException || e instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    return FAILED;
  }
}
