package org.genimage.eval;

import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/** Applies a {@link SmallImagePolicy}: bilinear up-scaling, centre padding or tiling, on bytes. */
public final class SmallImages {
  private SmallImages() {}

  /**
   * Brings an image up to at least {@code size x size} by the policy, or returns it unchanged when it
   * is already large enough or {@code size} is 0.
   *
   * @param image the image
   * @param size the detector's input side in pixels, 0 for "any size"
   * @param policy how to enlarge
   * @return the image, enlarged if it was smaller than {@code size} in a dimension
   */
  public static RgbImage fit(RgbImage image, int size, SmallImagePolicy policy) {
    Checks.notNull("image", image);
    Checks.nonNegative("size", size);
    Checks.notNull("policy", policy);
    int w = image.width();
    int h = image.height();
    if (size == 0 || (w >= size && h >= size)) {
      return image;
    }
    byte[] src = image.toByteArray();
    return switch (policy) {
      case RESIZE -> resize(src, w, h, size);
      case PAD -> pad(src, w, h, Math.max(w, size), Math.max(h, size));
      case TILE -> tile(src, w, h, Math.max(w, size), Math.max(h, size));
    };
  }

  // Not genimage-degrade's Pillow resampler on purpose: genimage-eval depends on the api core only (no degrade),
  // and this is a different operation, an up-scaling only (so there is no antialiasing to differ in) by plain
  // bilinear interpolation with half-pixel centres and clamped edges, as OpenCV's INTER_LINEAR, rounding the
  // new size to nearest. The detector's own declared pipeline resizes afterwards with the Pillow resampler.
  private static RgbImage resize(byte[] src, int w, int h, int size) {
    double scale = (double) size / Math.min(w, h);
    int nw = Math.max(size, (int) Math.round(w * scale));
    int nh = Math.max(size, (int) Math.round(h * scale));
    byte[] out = new byte[3 * nw * nh];
    // Pixel centres aligned as in PIL/OpenCV (half-pixel offset), edges clamped.
    for (int y = 0; y < nh; y++) {
      double sy = Math.min(Math.max((y + 0.5) * h / nh - 0.5, 0), h - 1);
      int y0 = (int) sy;
      int y1 = Math.min(y0 + 1, h - 1);
      double fy = sy - y0;
      for (int x = 0; x < nw; x++) {
        double sx = Math.min(Math.max((x + 0.5) * w / nw - 0.5, 0), w - 1);
        int x0 = (int) sx;
        int x1 = Math.min(x0 + 1, w - 1);
        double fx = sx - x0;
        for (int c = 0; c < 3; c++) {
          double top = (src[3 * (y0 * w + x0) + c] & 0xFF) * (1 - fx)
              + (src[3 * (y0 * w + x1) + c] & 0xFF) * fx;
          double bottom = (src[3 * (y1 * w + x0) + c] & 0xFF) * (1 - fx)
              + (src[3 * (y1 * w + x1) + c] & 0xFF) * fx;
          out[3 * (y * nw + x) + c] = (byte) Math.round(top * (1 - fy) + bottom * fy);
        }
      }
    }
    return RgbImage.wrap(nw, nh, out);
  }

  private static RgbImage pad(byte[] src, int w, int h, int nw, int nh) {
    byte[] out = new byte[3 * nw * nh];
    int ox = (nw - w) / 2;
    int oy = (nh - h) / 2;
    for (int y = 0; y < h; y++) {
      System.arraycopy(src, 3 * y * w, out, 3 * ((y + oy) * nw + ox), 3 * w);
    }
    return RgbImage.wrap(nw, nh, out);
  }

  private static RgbImage tile(byte[] src, int w, int h, int nw, int nh) {
    byte[] out = new byte[3 * nw * nh];
    for (int y = 0; y < nh; y++) {
      int sy = y % h;
      for (int x = 0; x < nw; x += w) {
        int len = Math.min(w, nw - x);
        System.arraycopy(src, 3 * sy * w, out, 3 * (y * nw + x), 3 * len);
      }
    }
    return RgbImage.wrap(nw, nh, out);
  }
}
