package org.genimage.spectral;

import java.util.Random;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Natural-looking test content made by the tests themselves: a 1/f^beta noise texture (random phases,
 * power-law amplitude, inverse FFT) under random opaque shapes (discs and rectangles with a power-law
 * size spread, as in the dead-leaves model), lightly blurred like a lens and with sensor noise. Nothing
 * in it is periodic on a pixel grid, so it is the "real" side of the trace studies.
 */
final class NaturalTextures {
  private NaturalTextures() {}

  /**
   * Three planes, values about 0..255, of one image.
   *
   * @param size side in pixels
   * @param random the source of randomness
   * @return planes {@code [3][size * size]}
   */
  static float[][] image(int size, Random random) {
    float[][] planes = new float[3][];
    double beta = 1.6 + 0.8 * random.nextDouble();
    double[] base = pinkNoise(size, beta, random);
    for (int ch = 0; ch < 3; ch++) {
      double[] own = pinkNoise(size, beta, random);
      float[] p = new float[size * size];
      double gain = 25 + 20 * random.nextDouble();
      double mean = 70 + 110 * random.nextDouble();
      for (int i = 0; i < p.length; i++) {
        p[i] = (float) (mean + gain * (0.8 * base[i] + 0.2 * own[i]));
      }
      planes[ch] = p;
    }
    int shapes = 40 + random.nextInt(120);
    for (int s = 0; s < shapes; s++) {
      double radius = 2 + size / 5.0 * Math.pow(random.nextDouble(), 3);
      double cx = random.nextDouble() * size;
      double cy = random.nextDouble() * size;
      boolean disc = random.nextBoolean();
      float[] colour = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
      // Shapes are textured too: the colour plus a scaled copy of the texture below.
      double texture = random.nextDouble();
      int r0 = (int) Math.max(0, cy - radius);
      int r1 = (int) Math.min(size - 1, cy + radius);
      int c0 = (int) Math.max(0, cx - radius);
      int c1 = (int) Math.min(size - 1, cx + radius);
      for (int r = r0; r <= r1; r++) {
        for (int c = c0; c <= c1; c++) {
          if (!disc || (r - cy) * (r - cy) + (c - cx) * (c - cx) <= radius * radius) {
            int i = r * size + c;
            for (int ch = 0; ch < 3; ch++) {
              planes[ch][i] = (float) (colour[ch] + texture * 30 * base[i]);
            }
          }
        }
      }
    }
    double blur = 0.5 + 0.5 * random.nextDouble();
    for (int ch = 0; ch < 3; ch++) {
      planes[ch] = Synthetic.blur(planes[ch], size, blur);
      for (int i = 0; i < planes[ch].length; i++) {
        planes[ch][i] += (float) (1.5 * random.nextGaussian());
      }
    }
    return planes;
  }

  /** Zero-mean, unit-variance noise with power falling as 1 / f^beta (random phases). */
  static double[] pinkNoise(int size, double beta, Random random) {
    double[] c = new double[2 * size * size];
    for (int r = 0; r < size; r++) {
      int fr = r <= size / 2 ? r : r - size;
      for (int col = 0; col < size; col++) {
        int fc = col <= size / 2 ? col : col - size;
        double f = Math.hypot(fr, fc);
        if (f == 0) {
          continue;
        }
        double amp = Math.pow(f, -beta / 2) * random.nextGaussian();
        double phase = 2 * Math.PI * random.nextDouble();
        c[2 * (r * size + col)] = amp * Math.cos(phase);
        c[2 * (r * size + col) + 1] = amp * Math.sin(phase);
      }
    }
    new DoubleFFT_2D(size, size).complexInverse(c, false);
    double[] out = new double[size * size];
    double sum2 = 0;
    for (int i = 0; i < out.length; i++) {
      out[i] = c[2 * i]; // the real part: a random-phase real field
      sum2 += out[i] * out[i];
    }
    double sd = Math.sqrt(sum2 / out.length);
    for (int i = 0; i < out.length; i++) {
      out[i] /= sd;
    }
    return out;
  }
}
