package org.genimage.spectral;

import org.genimage.api.BadArgumentException;
import org.genimage.api.RgbImage;

/** Plane helpers shared by the accumulator and the detector: crop, resize, mean removal, window. */
final class SpectrumInput {
  private SpectrumInput() {}

  /** Extracts the central {@code height x width} window of one channel without a full-size copy. */
  static void extractCentreCrop(RgbImage image, Channel channel, int height, int width, float[] out) {
    if (image.height() < height || image.width() < width) {
      throw new BadArgumentException("image", image.width() + "x" + image.height(),
          "at least " + width + "x" + height + " for CENTRE_CROP");
    }
    int top = (image.height() - height) / 2;
    int left = (image.width() - width) / 2;
    java.nio.ByteBuffer rgb = image.buffer();
    int stride = 3 * image.width();
    for (int r = 0; r < height; r++) {
      int src = (top + r) * stride + 3 * left;
      int dst = r * width;
      if (channel == Channel.LUMA) {
        for (int c = 0, j = src; c < width; c++, j += 3) {
          out[dst + c] = 0.299f * (rgb.get(j) & 0xFF) + 0.587f * (rgb.get(j + 1) & 0xFF)
              + 0.114f * (rgb.get(j + 2) & 0xFF);
        }
      } else {
        for (int c = 0, j = src + channel.ordinal(); c < width; c++, j += 3) {
          out[dst + c] = rgb.get(j) & 0xFF;
        }
      }
    }
  }

  /** Bilinear resize with aligned pixel centres (OpenCV's INTER_LINEAR without antialiasing). */
  static void resizeBilinear(float[] in, int inH, int inW, float[] out, int outH, int outW) {
    double sy = (double) inH / outH;
    double sx = (double) inW / outW;
    for (int r = 0; r < outH; r++) {
      double y = Math.min(Math.max((r + 0.5) * sy - 0.5, 0), inH - 1);
      int y0 = (int) y;
      int y1 = Math.min(y0 + 1, inH - 1);
      float fy = (float) (y - y0);
      for (int c = 0; c < outW; c++) {
        double x = Math.min(Math.max((c + 0.5) * sx - 0.5, 0), inW - 1);
        int x0 = (int) x;
        int x1 = Math.min(x0 + 1, inW - 1);
        float fx = (float) (x - x0);
        float top = in[y0 * inW + x0] * (1 - fx) + in[y0 * inW + x1] * fx;
        float bottom = in[y1 * inW + x0] * (1 - fx) + in[y1 * inW + x1] * fx;
        out[r * outW + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }

  static void subtractMean(float[] plane) {
    double sum = 0;
    for (float v : plane) {
      sum += v;
    }
    float mean = (float) (sum / plane.length);
    for (int i = 0; i < plane.length; i++) {
      plane[i] -= mean;
    }
  }

  /** The separable periodic Hann window {@code 0.5 - 0.5 cos(2 pi n / N)} per axis. */
  static float[] hann(int n) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = n == 1 ? 1f : (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
    }
    return w;
  }

  static void applyWindow(float[] plane, float[] rows, float[] cols) {
    int w = cols.length;
    for (int r = 0; r < rows.length; r++) {
      float wr = rows[r];
      int base = r * w;
      for (int c = 0; c < w; c++) {
        plane[base + c] *= wr * cols[c];
      }
    }
  }
}
