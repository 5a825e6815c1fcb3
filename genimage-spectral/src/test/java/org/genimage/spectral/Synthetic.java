package org.genimage.spectral;

import java.util.Random;
import org.genimage.api.RgbImage;

/**
 * Test images: "dead leaves" (random overlapping discs, whose spectrum falls like natural images'),
 * and the same images pushed through a simulated up-sampling grid.
 */
final class Synthetic {
  private Synthetic() {}

  /** Three planes of a dead-leaves image, values 0..255. */
  static float[][] deadLeaves(int size, Random random) {
    float[][] planes = new float[3][size * size];
    for (int disc = 0; disc < 400; disc++) {
      // Radii with a power-law spread, as the model of natural images needs.
      double radius = 2 + size / 4.0 * Math.pow(random.nextDouble(), 3);
      double cx = random.nextDouble() * size;
      double cy = random.nextDouble() * size;
      float[] colour = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
      int r0 = (int) Math.max(0, cy - radius);
      int r1 = (int) Math.min(size - 1, cy + radius);
      int c0 = (int) Math.max(0, cx - radius);
      int c1 = (int) Math.min(size - 1, cx + radius);
      for (int r = r0; r <= r1; r++) {
        for (int c = c0; c <= c1; c++) {
          if ((r - cy) * (r - cy) + (c - cx) * (c - cx) <= radius * radius) {
            for (int ch = 0; ch < 3; ch++) {
              planes[ch][r * size + c] = colour[ch];
            }
          }
        }
      }
    }
    return planes;
  }

  /** A Gaussian blur (scipy-like reflect borders), by way of the residual filter. */
  static float[] blur(float[] plane, int size, double sigma) {
    float[] residual = ResidualFilter.gaussian(sigma).apply(plane, size, size, null);
    float[] out = new float[plane.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = plane[i] - residual[i];
    }
    return out;
  }

  /**
   * Keeps every k-th pixel and up-samples back by k: zero insertion (gain k^2) or nearest
   * neighbour. The caller smooths afterwards.
   */
  static float[] upsample(float[] plane, int size, int k, boolean nearest) {
    float[] out = new float[plane.length];
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < size; c++) {
        int sr = r / k * k;
        int sc = c / k * k;
        if (nearest) {
          out[r * size + c] = plane[sr * size + sc];
        } else if (r == sr && c == sc) {
          out[r * size + c] = k * k * plane[r * size + c];
        }
      }
    }
    return out;
  }

  /** Adds Gaussian sensor-like noise, rounds and clamps to an 8-bit RGB image. */
  static RgbImage toImage(float[][] planes, int size, double noise, Random random) {
    byte[] rgb = new byte[3 * size * size];
    for (int i = 0; i < size * size; i++) {
      for (int ch = 0; ch < 3; ch++) {
        double v = planes[ch][i] + noise * random.nextGaussian();
        rgb[3 * i + ch] = (byte) Math.max(0, Math.min(255, Math.round(v)));
      }
    }
    return RgbImage.wrap(size, size, rgb);
  }

  /** The real / generated pair for one base image: both smoothed alike, only one up-sampled. */
  static RgbImage[] pair(int size, int k, boolean nearest, Random random) {
    float[][] base = deadLeaves(size, random);
    double sigma = 0.5 * k;
    float[][] real = new float[3][];
    float[][] fake = new float[3][];
    for (int ch = 0; ch < 3; ch++) {
      real[ch] = blur(base[ch], size, sigma);
      fake[ch] = blur(upsample(base[ch], size, k, nearest), size, sigma);
    }
    return new RgbImage[] {toImage(real, size, 1.0, random), toImage(fake, size, 1.0, random)};
  }

  /** Rank-based AUC (Mann-Whitney U with mid-ranks for ties): P(score fake > score real). */
  static double auc(double[] realScores, double[] fakeScores) {
    double wins = 0;
    for (double f : fakeScores) {
      for (double r : realScores) {
        wins += f > r ? 1 : f == r ? 0.5 : 0;
      }
    }
    return wins / ((double) realScores.length * fakeScores.length);
  }
}
