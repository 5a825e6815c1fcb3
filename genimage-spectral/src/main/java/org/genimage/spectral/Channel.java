package org.genimage.spectral;

import org.genimage.api.BadArgumentException;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/** Which plane of an RGB image a spectrum is taken of. Values stay on the 0..255 scale. */
public enum Channel {
  /** The red channel. */
  RED,
  /** The green channel. */
  GREEN,
  /** The blue channel. */
  BLUE,
  /** ITU-R BT.601 luma, {@code 0.299 R + 0.587 G + 0.114 B}, as in JPEG and PIL's {@code "L"}. */
  LUMA;

  /**
   * Extracts this plane into a reused array, without allocating.
   *
   * @param image the image
   * @param out receives {@code width * height} values, row-major
   * @return {@code out}
   * @throws BadArgumentException if {@code out} has the wrong length
   */
  public float[] extract(RgbImage image, float[] out) {
    Checks.notNull("image", image);
    Checks.notNull("out", out);
    int n = image.pixelCount();
    if (out.length != n) {
      throw new BadArgumentException("out.length", out.length, "width * height = " + n);
    }
    java.nio.ByteBuffer rgb = image.buffer();
    if (this == LUMA) {
      for (int i = 0, j = 0; i < n; i++, j += 3) {
        out[i] = 0.299f * (rgb.get(j) & 0xFF) + 0.587f * (rgb.get(j + 1) & 0xFF)
            + 0.114f * (rgb.get(j + 2) & 0xFF);
      }
    } else {
      int offset = ordinal();
      for (int i = 0, j = offset; i < n; i++, j += 3) {
        out[i] = rgb.get(j) & 0xFF;
      }
    }
    return out;
  }

  /**
   * Extracts this plane into a new array.
   *
   * @param image the image
   * @return {@code width * height} values, row-major
   */
  public float[] extract(RgbImage image) {
    return extract(image, new float[Checks.notNull("image", image).pixelCount()]);
  }
}
