package org.genimage.api;

import java.nio.file.Path;
import java.util.Locale;
import org.genimage.api.internal.Checks;

/**
 * The file format of an image, as its file name says: what the format-only baseline of the
 * evaluation reports compare a detector with (GenImage's reals are JPEG files and its fakes PNG
 * files, and a detector can learn that instead of the content). Read from the extension, not the
 * content, so that telling it costs no I/O; genimage-dataset's verifier reports files whose content
 * disagrees with their name.
 */
public enum ImageFormat {
  /** A JPEG file ({@code .jpg}, {@code .jpeg}, {@code .jpe}, {@code .jfif}, any case): lossy. */
  JPEG(Compression.LOSSY),
  /** A PNG file ({@code .png}): lossless. */
  PNG(Compression.LOSSLESS),
  /** A BMP file ({@code .bmp}): uncompressed, so lossless. */
  BMP(Compression.LOSSLESS),
  /** A WebP file ({@code .webp}): lossy or lossless, which the name does not tell. */
  WEBP(Compression.UNKNOWN),
  /** Any other or no extension. */
  OTHER(Compression.UNKNOWN);

  /** Whether a format keeps the pixels exactly. */
  public enum Compression {
    /** The decoded pixels are the encoded ones (PNG, BMP). */
    LOSSLESS,
    /** The encoder changed the pixels and left its traces (JPEG). */
    LOSSY,
    /** Not told by the format alone (WebP), or an unknown format. */
    UNKNOWN
  }

  private final Compression compression;

  ImageFormat(Compression compression) {
    this.compression = compression;
  }

  /**
   * Whether this format is lossless, lossy or either.
   *
   * @return the compression
   */
  public Compression compression() {
    return compression;
  }

  /**
   * The format a file name's extension says, case-insensitive ({@code 115_adm_141.PNG} is PNG,
   * {@code n01440764_10026.JPEG} JPEG).
   *
   * @param fileName a file name or path text
   * @return the format, {@link #OTHER} without a known extension
   * @throws BadArgumentException for a null name
   */
  public static ImageFormat ofFileName(String fileName) {
    Checks.notNull("fileName", fileName);
    int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
    int dot = fileName.lastIndexOf('.');
    if (dot <= slash) {
      return OTHER;
    }
    return switch (fileName.substring(dot + 1).toLowerCase(Locale.ROOT)) {
      case "jpg", "jpeg", "jpe", "jfif" -> JPEG;
      case "png" -> PNG;
      case "bmp" -> BMP;
      case "webp" -> WEBP;
      default -> OTHER;
    };
  }

  /**
   * The format a file's name says (see {@link #ofFileName(String)}); the file is not opened.
   *
   * @param file the file
   * @return the format
   * @throws BadArgumentException for a null path
   */
  public static ImageFormat of(Path file) {
    Checks.notNull("file", file);
    Path name = file.getFileName();
    return name == null ? OTHER : ofFileName(name.toString());
  }
}
