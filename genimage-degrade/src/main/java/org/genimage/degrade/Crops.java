package org.genimage.degrade;

import org.genimage.api.RgbImage;

/** Shared copying of a window, with zero fill where the window leaves the image. */
final class Crops {
  private Crops() {}

  static RgbImage window(RgbImage image, int left, int top, int width, int height) {
    int w = image.width();
    int h = image.height();
    if (left == 0 && top == 0 && width == w && height == h) {
      return image;
    }
    byte[] in = Scratch.get().input(image);
    byte[] out = new byte[3 * width * height];
    int x0 = Math.max(0, left);
    int x1 = Math.min(w, left + width);
    if (x1 > x0) {
      for (int y = Math.max(0, top); y < Math.min(h, top + height); y++) {
        System.arraycopy(in, 3 * (y * w + x0), out, 3 * ((y - top) * width + (x0 - left)),
            3 * (x1 - x0));
      }
    }
    return RgbImage.wrap(width, height, out);
  }
}
