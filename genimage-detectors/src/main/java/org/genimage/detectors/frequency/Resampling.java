package org.genimage.detectors.frequency;

import org.genimage.api.BadArgumentException;
import org.genimage.api.Checks;
import org.genimage.api.RgbImage;

/**
 * Resizing and cropping of {@link RgbImage}s as the reference detectors' torchvision pipelines do them on
 * PIL images: {@code Resize(n)} (shorter side to {@code n}, the longer side truncated as torchvision does)
 * with Pillow's antialiased bilinear filter (a triangle filter widened by the scale factor when shrinking,
 * separable, horizontal pass first, each pass rounded and clipped to 8 bits as Pillow does), and
 * {@code CenterCrop} (offsets rounded half to even, as Python's {@code round}).
 *
 * <p>Checked against Pillow 9.4 in the frequency fixtures ({@code make_frequency_fixtures.py}).
 */
public final class Resampling {
  private Resampling() {
  }

  /**
   * Resizes so that the shorter side is {@code size}, keeping the aspect ratio (torchvision
   * {@code Resize(size)}).
   *
   * @param image the image
   * @param size the shorter side after resizing, at least 1
   * @return the resized image ({@code image} itself if it already has that shorter side)
   */
  public static RgbImage resizeShorter(RgbImage image, int size) {
    Checks.notNull("image", image);
    Checks.positive("size", size);
    int w = image.width();
    int h = image.height();
    int nw;
    int nh;
    if (w <= h) {
      if (w == size) {
        return image;
      }
      nw = size;
      nh = (int) ((long) size * h / w);
    } else {
      if (h == size) {
        return image;
      }
      nh = size;
      nw = (int) ((long) size * w / h);
    }
    return resize(image, nw, nh);
  }

  /**
   * Resizes to an exact size with Pillow's antialiased bilinear filter.
   *
   * @param image the image
   * @param width the new width, at least 1
   * @param height the new height, at least 1
   * @return the resized image
   */
  public static RgbImage resize(RgbImage image, int width, int height) {
    Checks.notNull("image", image);
    Checks.positive("width", width);
    Checks.positive("height", height);
    if (width == image.width() && height == image.height()) {
      return image;
    }
    byte[] src = image.toByteArray();
    byte[] horizontal = pass(src, image.width(), image.height(), width, true);
    byte[] out = pass(horizontal, width, image.height(), height, false);
    return RgbImage.wrap(width, height, out);
  }

  /**
   * Crops the centre (torchvision {@code CenterCrop}).
   *
   * @param image the image, at least {@code width x height}
   * @param width the crop width
   * @param height the crop height
   * @return the crop
   * @throws BadArgumentException if the image is smaller than the crop
   */
  public static RgbImage centerCrop(RgbImage image, int width, int height) {
    Checks.notNull("image", image);
    Checks.positive("width", width);
    Checks.positive("height", height);
    if (image.width() < width || image.height() < height) {
      throw new BadArgumentException("image", image.width() + "x" + image.height(),
          "at least the crop size " + width + "x" + height);
    }
    if (image.width() == width && image.height() == height) {
      return image;
    }
    int top = (int) Math.rint((image.height() - height) / 2.0);
    int left = (int) Math.rint((image.width() - width) / 2.0);
    byte[] src = image.toByteArray();
    byte[] out = new byte[3 * width * height];
    for (int y = 0; y < height; y++) {
      System.arraycopy(src, 3 * ((y + top) * image.width() + left), out, 3 * y * width, 3 * width);
    }
    return RgbImage.wrap(width, height, out);
  }

  // One separable pass of Pillow's ImagingResample (bilinear: support 1, triangle filter).
  private static byte[] pass(byte[] src, int w, int h, int outLen, boolean horizontal) {
    int inLen = horizontal ? w : h;
    double scale = (double) inLen / outLen;
    double filterScale = Math.max(scale, 1.0);
    double support = filterScale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] bounds = new int[2 * outLen];
    double[] weights = new double[outLen * ksize];
    for (int i = 0; i < outLen; i++) {
      double center = (i + 0.5) * scale;
      int xmin = Math.max((int) (center - support + 0.5), 0);
      int xmax = Math.min((int) (center + support + 0.5), inLen) - xmin;
      double total = 0;
      for (int x = 0; x < xmax; x++) {
        double t = Math.abs((x + xmin - center + 0.5) / filterScale);
        double wgt = t < 1.0 ? 1.0 - t : 0.0;
        weights[i * ksize + x] = wgt;
        total += wgt;
      }
      for (int x = 0; x < xmax; x++) {
        if (total != 0) {
          weights[i * ksize + x] /= total;
        }
      }
      bounds[2 * i] = xmin;
      bounds[2 * i + 1] = xmax;
    }
    int ow = horizontal ? outLen : w;
    int oh = horizontal ? h : outLen;
    byte[] out = new byte[3 * ow * oh];
    // Pillow accumulates in fixed point with 22 fractional bits (PRECISION_BITS = 32 - 8 - 2)
    int precision = 22;
    int[] iw = new int[weights.length];
    for (int i = 0; i < weights.length; i++) {
      double v = weights[i] * (1 << precision);
      iw[i] = (int) (v < 0 ? v - 0.5 : v + 0.5);
    }
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        int i = horizontal ? x : y;
        int xmin = bounds[2 * i];
        int xmax = bounds[2 * i + 1];
        for (int c = 0; c < 3; c++) {
          int acc = 1 << (precision - 1);
          for (int k = 0; k < xmax; k++) {
            int sx = horizontal ? xmin + k : x;
            int sy = horizontal ? y : xmin + k;
            acc += (src[3 * (sy * w + sx) + c] & 0xFF) * iw[i * ksize + k];
          }
          int v = acc >> precision;
          out[3 * (y * ow + x) + c] = (byte) (v < 0 ? 0 : Math.min(v, 255));
        }
      }
    }
    return out;
  }
}
