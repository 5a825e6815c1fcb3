package org.genimage.dataset.sim;

import java.util.SplittableRandom;

/** The artifact operations of {@link Artifact}, on planar float RGB in [0, 255]. */
final class Artifacts {
  private Artifacts() {}

  static void apply(float[][] c, int w, int h, Artifact artifact, double strength,
      long generatorSeed, SplittableRandom rnd) {
    if (strength == 0) {
      return;
    }
    switch (artifact) {
      case UPSAMPLE_X2, UPSAMPLE_X4 -> upsample(c, w, h, artifact.factor(), strength, generatorSeed);
      case HIGH_FREQUENCY_DEFICIT -> hfDeficit(c, w, h, strength, rnd);
      case COLOUR_SHIFT -> colourShift(c, w * h, strength);
      default -> throw new AssertionError(artifact);
    }
  }

  /**
   * Box down-sampling by f, zero insertion, a separable tent kernel of half-width f (bilinear
   * transposed convolution), then a per-phase gain pattern fixed by the generator.
   */
  private static void upsample(float[][] c, int w, int h, int f, double strength, long genSeed) {
    int lw = (w + f - 1) / f;
    int lh = (h + f - 1) / f;
    // The gain pattern: zero-mean +-1 per phase, the same for every image of the generator.
    SplittableRandom g = new SplittableRandom(genSeed ^ 0x5DEECE66DL);
    double[] gain = new double[f * f];
    for (int i = 0; i < gain.length; i++) {
      gain[i] = (i % 2 == 0) ? 1 : -1;
    }
    for (int i = gain.length - 1; i > 0; i--) {
      int j = g.nextInt(i + 1);
      double t = gain[i];
      gain[i] = gain[j];
      gain[j] = t;
    }
    double amp = 0.06 * strength;
    double mix = Math.min(1.0, strength);
    float[] low = new float[lw * lh];
    float[] up = new float[w * h];
    for (int k = 0; k < 3; k++) {
      float[] p = c[k];
      for (int by = 0; by < lh; by++) {
        for (int bx = 0; bx < lw; bx++) {
          double s = 0;
          int cnt = 0;
          for (int y = by * f; y < Math.min(h, by * f + f); y++) {
            for (int x = bx * f; x < Math.min(w, bx * f + f); x++) {
              s += p[y * w + x];
              cnt++;
            }
          }
          low[by * lw + bx] = (float) (s / cnt);
        }
      }
      // Bilinear up-sampling with sample centres at (b + 0.5) * f - 0.5, clamped at the border: on purpose not the
      // Pillow resampler of genimage-degrade, it simulates a generator's bilinear transposed convolution on floats.
      for (int y = 0; y < h; y++) {
        double sy = (y + 0.5) / f - 0.5;
        int y0 = (int) Math.floor(sy);
        double fy = sy - y0;
        int ya = Math.max(0, Math.min(lh - 1, y0));
        int yb = Math.max(0, Math.min(lh - 1, y0 + 1));
        for (int x = 0; x < w; x++) {
          double sx = (x + 0.5) / f - 0.5;
          int x0 = (int) Math.floor(sx);
          double fx = sx - x0;
          int xa = Math.max(0, Math.min(lw - 1, x0));
          int xb = Math.max(0, Math.min(lw - 1, x0 + 1));
          double v = (low[ya * lw + xa] * (1 - fx) + low[ya * lw + xb] * fx) * (1 - fy)
              + (low[yb * lw + xa] * (1 - fx) + low[yb * lw + xb] * fx) * fy;
          v *= 1 + amp * gain[(y % f) * f + (x % f)];
          up[y * w + x] = (float) v;
        }
      }
      for (int i = 0; i < p.length; i++) {
        p[i] = (float) ((1 - mix) * p[i] + mix * up[i]);
      }
    }
  }

  private static void hfDeficit(float[][] c, int w, int h, double strength, SplittableRandom rnd) {
    double sigma = 1.1 * strength;
    for (int k = 0; k < 3; k++) {
      blur(c[k], w, h, sigma);
    }
    double noise = 0.6 * strength;
    for (int k = 0; k < 3; k++) {
      float[] p = c[k];
      for (int i = 0; i < p.length; i++) {
        p[i] += (float) (noise * rnd.nextGaussian());
      }
    }
  }

  /** Separable Gaussian blur, radius ceil(3 sigma), mirrored border. */
  static void blur(float[] p, int w, int h, double sigma) {
    int r = (int) Math.ceil(3 * sigma);
    if (r < 1) {
      return;
    }
    double[] k = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
      sum += k[i + r];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    float[] tmp = new float[p.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double s = 0;
        for (int i = -r; i <= r; i++) {
          s += k[i + r] * p[y * w + mirror(x + i, w)];
        }
        tmp[y * w + x] = (float) s;
      }
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double s = 0;
        for (int i = -r; i <= r; i++) {
          s += k[i + r] * tmp[mirror(y + i, h) * w + x];
        }
        p[y * w + x] = (float) s;
      }
    }
  }

  private static int mirror(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * n - 2;
    i = Math.floorMod(i, period);
    return i < n ? i : period - i;
  }

  private static void colourShift(float[][] c, int n, double strength) {
    double sat = 1 + 0.3 * strength;
    double gamma = 1 - 0.12 * strength;
    for (int i = 0; i < n; i++) {
      double r = c[0][i];
      double g = c[1][i];
      double b = c[2][i];
      double y = 0.299 * r + 0.587 * g + 0.114 * b;
      r = y + sat * (r - y) + 6 * strength;
      g = y + sat * (g - y);
      b = y + sat * (b - y) - 6 * strength;
      c[0][i] = (float) gammaOf(r, gamma);
      c[1][i] = (float) gammaOf(g, gamma);
      c[2][i] = (float) gammaOf(b, gamma);
    }
  }

  private static double gammaOf(double v, double gamma) {
    double t = Math.min(255, Math.max(0, v)) / 255;
    return 255 * Math.pow(t, gamma);
  }
}
