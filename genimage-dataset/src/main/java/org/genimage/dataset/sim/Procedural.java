package org.genimage.dataset.sim;

import java.util.SplittableRandom;

/**
 * Procedural natural-looking images: a lit gradient background, 1/f-noise textures, soft-edged shapes
 * in a class-dependent palette, and slight sensor noise. Works on planar float RGB in [0, 255].
 */
final class Procedural {
  private Procedural() {}

  /** Planar float RGB: {@code [3][w * h]}. */
  static float[][] image(int w, int h, int imageNetClass, SplittableRandom rnd) {
    int n = w * h;
    float[][] c = new float[3][n];
    // The class picks the palette's base hue, so images of one class share colours as photos do.
    double baseHue = (Math.max(0, imageNetClass) * 0.6180339887) % 1.0;
    double[] top = hsv(baseHue + 0.1 * rnd.nextGaussian(), 0.25 + 0.3 * rnd.nextDouble(),
        0.55 + 0.4 * rnd.nextDouble());
    double[] bottom = hsv(baseHue + 0.5 + 0.1 * rnd.nextGaussian(), 0.3 + 0.4 * rnd.nextDouble(),
        0.2 + 0.4 * rnd.nextDouble());
    float[] lum = pinkNoise(w, h, rnd, 1.0);
    float[] chroma = pinkNoise(w, h, rnd, 0.5);
    double texture = 25 + 30 * rnd.nextDouble();
    for (int y = 0; y < h; y++) {
      double t = (double) y / Math.max(1, h - 1);
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        double l = texture * lum[i];
        double ch = 0.4 * texture * chroma[i];
        c[0][i] = (float) (255 * (top[0] * (1 - t) + bottom[0] * t) + l + ch);
        c[1][i] = (float) (255 * (top[1] * (1 - t) + bottom[1] * t) + l);
        c[2][i] = (float) (255 * (top[2] * (1 - t) + bottom[2] * t) + l - ch);
      }
    }
    int shapes = 2 + rnd.nextInt(4);
    for (int s = 0; s < shapes; s++) {
      shape(c, w, h, baseHue, rnd);
    }
    light(c, w, h, rnd);
    for (int k = 0; k < 3; k++) {
      float[] p = c[k];
      for (int i = 0; i < n; i++) {
        p[i] += (float) (1.5 * rnd.nextGaussian());
      }
    }
    return c;
  }

  private static void shape(float[][] c, int w, int h, double baseHue, SplittableRandom rnd) {
    double cx = w * rnd.nextDouble();
    double cy = h * rnd.nextDouble();
    double rx = w * (0.08 + 0.3 * rnd.nextDouble());
    double ry = h * (0.08 + 0.3 * rnd.nextDouble());
    boolean ellipse = rnd.nextBoolean();
    double edge = 0.5 + 2.5 * rnd.nextDouble();
    double[] col = hsv(baseHue + 0.25 * rnd.nextGaussian(), 0.3 + 0.6 * rnd.nextDouble(),
        0.2 + 0.8 * rnd.nextDouble());
    float[] tex = pinkNoise(w, h, rnd, 1.0);
    double texAmp = 10 + 25 * rnd.nextDouble();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double dx = (x - cx) / rx;
        double dy = (y - cy) / ry;
        // Signed distance in pixels (approximate): negative inside.
        double d = ellipse
            ? (Math.sqrt(dx * dx + dy * dy) - 1) * Math.min(rx, ry)
            : (Math.max(Math.abs(dx), Math.abs(dy)) - 1) * Math.min(rx, ry);
        double a = 1 / (1 + Math.exp(d / edge));
        if (a < 1e-3) {
          continue;
        }
        int i = y * w + x;
        double t = texAmp * tex[i];
        for (int k = 0; k < 3; k++) {
          c[k][i] = (float) (c[k][i] * (1 - a) + a * (255 * col[k] + t));
        }
      }
    }
  }

  private static void light(float[][] c, int w, int h, SplittableRandom rnd) {
    double lx = w * (rnd.nextDouble() * 1.4 - 0.2);
    double ly = h * (rnd.nextDouble() * 1.4 - 0.2);
    double reach = Math.max(w, h) * (0.6 + rnd.nextDouble());
    double ambient = 0.55 + 0.25 * rnd.nextDouble();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double d2 = ((x - lx) * (x - lx) + (y - ly) * (y - ly)) / (reach * reach);
        float g = (float) (ambient + (1.25 - ambient) * Math.exp(-d2));
        int i = y * w + x;
        c[0][i] *= g;
        c[1][i] *= g;
        c[2][i] *= g;
      }
    }
  }

  /**
   * Value noise summed over octaves with amplitude proportional to the cell size, which gives the
   * roughly 1/f amplitude spectrum of natural images. Output has roughly unit standard deviation.
   */
  static float[] pinkNoise(int w, int h, SplittableRandom rnd, double lowest) {
    float[] out = new float[w * h];
    int side = Math.max(w, h);
    double amp = 1.0;
    double total = 0;
    for (int cells = 2; cells <= side / 2; cells *= 2) {
      double cell = (double) side / cells;
      int gw = (int) Math.ceil(w / cell) + 2;
      int gh = (int) Math.ceil(h / cell) + 2;
      float[] grid = new float[gw * gh];
      for (int i = 0; i < grid.length; i++) {
        grid[i] = (float) rnd.nextGaussian();
      }
      float a = (float) (amp * lowest);
      for (int y = 0; y < h; y++) {
        double gy = y / cell;
        int y0 = (int) gy;
        double fy = smooth(gy - y0);
        for (int x = 0; x < w; x++) {
          double gx = x / cell;
          int x0 = (int) gx;
          double fx = smooth(gx - x0);
          double v00 = grid[y0 * gw + x0];
          double v01 = grid[y0 * gw + x0 + 1];
          double v10 = grid[(y0 + 1) * gw + x0];
          double v11 = grid[(y0 + 1) * gw + x0 + 1];
          double v = (v00 * (1 - fx) + v01 * fx) * (1 - fy) + (v10 * (1 - fx) + v11 * fx) * fy;
          out[y * w + x] += (float) (a * v);
        }
      }
      total += amp * amp;
      amp *= 0.5;
    }
    float norm = (float) (1 / Math.sqrt(Math.max(total, 1e-9)));
    for (int i = 0; i < out.length; i++) {
      out[i] *= norm;
    }
    return out;
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }

  /** HSV (hue wrapping, s and v clamped to [0, 1]) to RGB in [0, 1]. */
  static double[] hsv(double hue, double s, double v) {
    double h = ((hue % 1.0) + 1.0) % 1.0 * 6;
    s = Math.min(1, Math.max(0, s));
    v = Math.min(1, Math.max(0, v));
    int i = (int) Math.floor(h) % 6;
    double f = h - Math.floor(h);
    double p = v * (1 - s);
    double q = v * (1 - s * f);
    double t = v * (1 - s * (1 - f));
    return switch (i) {
      case 0 -> new double[] {v, t, p};
      case 1 -> new double[] {q, v, p};
      case 2 -> new double[] {p, v, t};
      case 3 -> new double[] {p, q, v};
      case 4 -> new double[] {t, p, v};
      default -> new double[] {v, p, q};
    };
  }

  /** Rounds and clamps planar float RGB to interleaved bytes. */
  static byte[] toBytes(float[][] c, int n) {
    byte[] out = new byte[3 * n];
    for (int i = 0, j = 0; i < n; i++, j += 3) {
      out[j] = clamp(c[0][i]);
      out[j + 1] = clamp(c[1][i]);
      out[j + 2] = clamp(c[2][i]);
    }
    return out;
  }

  private static byte clamp(float v) {
    int r = Math.round(v);
    return (byte) (r < 0 ? 0 : Math.min(r, 255));
  }
}
