package org.genimage.degrade;

/**
 * The resampling filters of Pillow's {@code Image.resize}, with Pillow's kernels and supports
 * ({@code libImaging/Resample.c}). Every filter except {@link #NEAREST} is applied as a separable
 * convolution whose support widens by the down-scaling factor, so down-sampling is antialiased.
 */
public enum ResampleFilter {
  /** Nearest neighbour: Pillow's {@code Image.NEAREST} (an affine scale, no convolution). */
  NEAREST("nearest", 0.0),
  /** Box (area average): Pillow's {@code Image.BOX}, support 0.5. */
  BOX("box", 0.5),
  /** Triangle: Pillow's {@code Image.BILINEAR}, support 1. */
  BILINEAR("bilinear", 1.0),
  /** Hamming-windowed sinc: Pillow's {@code Image.HAMMING}, support 1. */
  HAMMING("hamming", 1.0),
  /** Cubic convolution with a = -0.5: Pillow's {@code Image.BICUBIC}, support 2. */
  BICUBIC("bicubic", 2.0),
  /** Lanczos-3 windowed sinc: Pillow's {@code Image.LANCZOS}, support 3. */
  LANCZOS("lanczos", 3.0);

  private final String label;
  private final double support;

  ResampleFilter(String label, double support) {
    this.label = label;
    this.support = support;
  }

  /**
   * The filter's half-width at scale 1, as in Pillow.
   *
   * @return the support in input pixels
   */
  public double support() {
    return support;
  }

  /**
   * Pillow's kernel value at {@code x}, bit for bit (including Pillow's single-precision Hamming
   * constants).
   *
   * @param x the distance from the centre, in filter units
   * @return the unnormalised weight
   */
  public double weight(double x) {
    switch (this) {
      case BOX:
        return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
      case BILINEAR: {
        double a = Math.abs(x);
        return a < 1.0 ? 1.0 - a : 0.0;
      }
      case HAMMING: {
        double a = Math.abs(x);
        if (a == 0.0) {
          return 1.0;
        }
        if (a >= 1.0) {
          return 0.0;
        }
        a = a * Math.PI;
        return Math.sin(a) / a * ((double) 0.54f + (double) 0.46f * Math.cos(a));
      }
      case BICUBIC: {
        final double c = -0.5;
        double a = Math.abs(x);
        if (a < 1.0) {
          return ((c + 2.0) * a - (c + 3.0)) * a * a + 1;
        }
        if (a < 2.0) {
          return (((a - 5) * a + 8) * a - 4) * c;
        }
        return 0.0;
      }
      case LANCZOS:
        return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
      default:
        return x == 0.0 ? 1.0 : 0.0;
    }
  }

  private static double sinc(double x) {
    if (x == 0.0) {
      return 1.0;
    }
    double a = x * Math.PI;
    return Math.sin(a) / a;
  }

  /**
   * The lower-case name used in descriptions ("bicubic").
   *
   * @return the name
   */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
