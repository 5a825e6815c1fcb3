package org.genimage.dataset;

import java.nio.file.Path;
import org.genimage.api.BadImageException;
import org.genimage.api.internal.Checks;

/**
 * A recorded problem with one file or folder, as a skip policy reports it.
 *
 * @param path the file or folder at fault
 * @param kind the kind of problem
 * @param detail what is wrong, in a few words
 */
public record Problem(Path path, Kind kind, String detail) {
  /** The kinds of problem. */
  public enum Kind {
    /** A file of zero bytes. */
    ZERO_BYTES,
    /** A file that does not decode (truncated, corrupt, not an image). */
    UNDECODABLE,
    /** An image above the pixel limit. */
    TOO_LARGE,
    /** A file that could not be read or vanished. */
    UNREADABLE,
    /** A file whose content format does not match its extension (a PNG named .JPEG). */
    MISNAMED,
    /** A folder layout problem: a missing ai/nature folder, a symlink loop, an unknown folder. */
    LAYOUT,
    /** A file whose checksum does not match the checksum file. */
    CHECKSUM_MISMATCH;

    /**
     * The kind of problem a bad image's reason is.
     *
     * @param reason the reason a {@link BadImageException} gives
     * @return {@link #ZERO_BYTES}, {@link #UNREADABLE} or {@link #TOO_LARGE} for those reasons,
     *     {@link #UNDECODABLE} for the rest (not an image, truncated, corrupt)
     */
    public static Kind of(BadImageException.Reason reason) {
      Checks.notNull("reason", reason);
      return switch (reason) {
        case ZERO_BYTES -> ZERO_BYTES;
        case UNREADABLE -> UNREADABLE;
        case TOO_LARGE -> TOO_LARGE;
        case NOT_AN_IMAGE, TRUNCATED, UNDECODABLE -> UNDECODABLE;
      };
    }
  }

  /**
   * Validates the components.
   *
   * @throws org.genimage.api.BadArgumentException if a component is null
   */
  public Problem {
    Checks.notNull("path", path);
    Checks.notNull("kind", kind);
    Checks.notNull("detail", detail);
  }

  @Override
  public String toString() {
    return kind + " " + path + ": " + detail;
  }
}
