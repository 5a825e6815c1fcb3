package org.genimage.api;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.genimage.api.internal.Checks;

/**
 * An immutable 8-bit RGB image, stored interleaved ({@code R G B R G B ...}) in row-major order: the
 * one image type every stage of genimage passes along, from the decoder to the detector's input tensor.
 *
 * <p>Reading is allocation-free: {@link #sample(int, int, int)} for one value, {@link #buffer()} for a
 * read-only view of all of them, {@link #copyTo(byte[], int)} for a bulk copy. Images are built either
 * by copying ({@link #of(int, int, byte[])}) or, on hot paths, by handing over a freshly filled array
 * ({@link #wrap(int, int, byte[])}) that the caller then never touches again. Conversions to and from
 * {@link java.awt.image.BufferedImage} live in {@link BufferedImages}, at the edges only.
 */
public final class RgbImage {
  /** The largest number of pixels an image may hold (a 3-byte-per-pixel array must fit in an int). */
  public static final long MAX_PIXELS = (Integer.MAX_VALUE - 16) / 3;

  private final int width;
  private final int height;
  private final byte[] rgb;

  private RgbImage(int width, int height, byte[] rgb) {
    this.width = width;
    this.height = height;
    this.rgb = rgb;
  }

  /**
   * Creates an image from a copy of interleaved RGB bytes.
   *
   * @param width the width in pixels, at least 1
   * @param height the height in pixels, at least 1
   * @param rgb {@code 3 * width * height} bytes, row-major, interleaved R, G, B
   * @return the image
   * @throws BadArgumentException if a dimension is not positive, the image is too large, or the array
   *     length does not match
   */
  public static RgbImage of(int width, int height, byte[] rgb) {
    checkShape(width, height, rgb);
    return new RgbImage(width, height, rgb.clone());
  }

  /**
   * Creates an image that takes ownership of {@code rgb} without copying it. The caller must not
   * modify the array afterwards: this is the allocation-free path for decoders and transforms that
   * fill a new array and hand it over.
   *
   * @param width the width in pixels, at least 1
   * @param height the height in pixels, at least 1
   * @param rgb {@code 3 * width * height} bytes, row-major, interleaved R, G, B
   * @return the image
   * @throws BadArgumentException if a dimension is not positive, the image is too large, or the array
   *     length does not match
   */
  public static RgbImage wrap(int width, int height, byte[] rgb) {
    checkShape(width, height, rgb);
    return new RgbImage(width, height, rgb);
  }

  /**
   * Creates an image of one colour.
   *
   * @param width the width in pixels, at least 1
   * @param height the height in pixels, at least 1
   * @param red red value 0..255
   * @param green green value 0..255
   * @param blue blue value 0..255
   * @return the image
   */
  public static RgbImage filled(int width, int height, int red, int green, int blue) {
    checkDimensions(width, height);
    Checks.inRange("red", red, 0, 255);
    Checks.inRange("green", green, 0, 255);
    Checks.inRange("blue", blue, 0, 255);
    byte[] rgb = new byte[3 * width * height];
    for (int i = 0; i < rgb.length; i += 3) {
      rgb[i] = (byte) red;
      rgb[i + 1] = (byte) green;
      rgb[i + 2] = (byte) blue;
    }
    return new RgbImage(width, height, rgb);
  }

  private static void checkDimensions(int width, int height) {
    Checks.positive("width", width);
    Checks.positive("height", height);
    if ((long) width * height > MAX_PIXELS) {
      throw new BadArgumentException("width x height", width + "x" + height,
          "at most " + MAX_PIXELS + " pixels");
    }
  }

  private static void checkShape(int width, int height, byte[] rgb) {
    checkDimensions(width, height);
    Checks.notNull("rgb", rgb);
    if (rgb.length != 3 * width * height) {
      throw new BadArgumentException("rgb.length", rgb.length,
          "3 * width * height = " + 3 * width * height + " for " + width + "x" + height);
    }
  }

  /**
   * The width.
   *
   * @return the width in pixels
   */
  public int width() {
    return width;
  }

  /**
   * The height.
   *
   * @return the height in pixels
   */
  public int height() {
    return height;
  }

  /**
   * The number of pixels.
   *
   * @return {@code width * height}
   */
  public int pixelCount() {
    return width * height;
  }

  /**
   * One channel value of one pixel.
   *
   * @param x the column, 0 to width - 1
   * @param y the row, 0 to height - 1
   * @param channel 0 red, 1 green, 2 blue
   * @return the value, 0..255
   * @throws IndexOutOfBoundsException if a coordinate is outside the image
   */
  public int sample(int x, int y, int channel) {
    if (x < 0 || x >= width || y < 0 || y >= height || channel < 0 || channel > 2) {
      throw new IndexOutOfBoundsException(
          "(" + x + ", " + y + ", " + channel + ") outside " + width + "x" + height + "x3");
    }
    return rgb[3 * (y * width + x) + channel] & 0xFF;
  }

  /**
   * One pixel packed as {@code 0xRRGGBB}.
   *
   * @param x the column
   * @param y the row
   * @return the packed colour, without alpha
   */
  public int rgb(int x, int y) {
    if (x < 0 || x >= width || y < 0 || y >= height) {
      throw new IndexOutOfBoundsException("(" + x + ", " + y + ") outside " + width + "x" + height);
    }
    int i = 3 * (y * width + x);
    return (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
  }

  /**
   * A read-only view of the interleaved bytes, position 0, limit {@code 3 * width * height}. Reading
   * it allocates nothing beyond the view itself.
   *
   * @return a read-only buffer over the pixels
   */
  public ByteBuffer buffer() {
    return ByteBuffer.wrap(rgb).asReadOnlyBuffer();
  }

  /**
   * Copies all bytes into {@code destination} starting at {@code offset}.
   *
   * @param destination the array to fill; needs {@code 3 * width * height} bytes from {@code offset}
   * @param offset where to start writing
   */
  public void copyTo(byte[] destination, int offset) {
    System.arraycopy(rgb, 0, destination, offset, rgb.length);
  }

  /**
   * A copy of the interleaved bytes.
   *
   * @return a new array of {@code 3 * width * height} bytes
   */
  public byte[] toByteArray() {
    return rgb.clone();
  }

  /**
   * Whether two images have the same size and the same pixels.
   *
   * @param other another object
   * @return true if equal in size and content
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof RgbImage o
        && o.width == width
        && o.height == height
        && Arrays.equals(o.rgb, rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
