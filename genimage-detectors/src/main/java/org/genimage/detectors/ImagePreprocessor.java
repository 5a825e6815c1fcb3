package org.genimage.detectors;

import org.genimage.api.Checks;
import org.genimage.api.RgbImage;

/**
 * Applies a {@link Preprocessing}: bilinear resize of the shorter side (half-pixel centres, no antialiasing,
 * computed only for the pixels the crop keeps), center crop and per-channel normalisation, in one pass from
 * the image's bytes into the batch buffer. Stateless and thread-safe.
 */
final class ImagePreprocessor implements Preprocessor {
  private final Preprocessing p;
  private final float[] scale = new float[3];
  private final float[] shift = new float[3];

  ImagePreprocessor(Preprocessing p) {
    this.p = p;
    float[] mean = p.mean();
    float[] std = p.std();
    for (int c = 0; c < 3; c++) {
      // (v / 255 - mean) / std folded into one multiply-add.
      scale[c] = 1f / (255f * std[c]);
      shift[c] = -mean[c] / std[c];
    }
  }

  @Override
  public int channels() {
    return 3;
  }

  @Override
  public int height() {
    return p.crop();
  }

  @Override
  public int width() {
    return p.crop();
  }

  @Override
  public void write(RgbImage image, float[] dst, int offset, boolean channelsLast) {
    Checks.notNull("image", image);
    int w = image.width();
    int h = image.height();
    int crop = p.crop();
    int target = p.resize();
    if (target == 0 && Math.min(w, h) < crop) {
      target = crop;
    }
    int rw = w;
    int rh = h;
    if (target != 0) {
      if (w <= h) {
        rw = target;
        rh = (int) Math.max(target, Math.round((double) h * target / w));
      } else {
        rh = target;
        rw = (int) Math.max(target, Math.round((double) w * target / h));
      }
    }
    int x0 = (rw - crop) / 2;
    int y0 = (rh - crop) / 2;
    java.nio.ByteBuffer rgb = image.buffer();
    int plane = crop * crop;
    boolean same = rw == w && rh == h;
    double sx = (double) w / rw;
    double sy = (double) h / rh;
    for (int y = 0; y < crop; y++) {
      int ya;
      int yb;
      float fy;
      if (same) {
        ya = y + y0;
        yb = ya;
        fy = 0;
      } else {
        double src = (y + y0 + 0.5) * sy - 0.5;
        src = Math.max(0, Math.min(h - 1, src));
        ya = (int) src;
        yb = Math.min(h - 1, ya + 1);
        fy = (float) (src - ya);
      }
      for (int x = 0; x < crop; x++) {
        int xa;
        int xb;
        float fx;
        if (same) {
          xa = x + x0;
          xb = xa;
          fx = 0;
        } else {
          double src = (x + x0 + 0.5) * sx - 0.5;
          src = Math.max(0, Math.min(w - 1, src));
          xa = (int) src;
          xb = Math.min(w - 1, xa + 1);
          fx = (float) (src - xa);
        }
        int i00 = 3 * (ya * w + xa);
        int i01 = 3 * (ya * w + xb);
        int i10 = 3 * (yb * w + xa);
        int i11 = 3 * (yb * w + xb);
        for (int c = 0; c < 3; c++) {
          float top = (rgb.get(i00 + c) & 0xFF) * (1 - fx) + (rgb.get(i01 + c) & 0xFF) * fx;
          float bot = (rgb.get(i10 + c) & 0xFF) * (1 - fx) + (rgb.get(i11 + c) & 0xFF) * fx;
          float v = (top * (1 - fy) + bot * fy) * scale[c] + shift[c];
          int idx = channelsLast ? offset + 3 * (y * crop + x) + c : offset + c * plane + y * crop + x;
          dst[idx] = v;
        }
      }
    }
  }
}
