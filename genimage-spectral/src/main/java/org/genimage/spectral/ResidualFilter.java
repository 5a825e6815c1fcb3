package org.genimage.spectral;

import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * A noise residual: the plane minus a denoised version of it, which removes the image content and
 * keeps the high-frequency traces that generators leave (as in the spectral studies of generated
 * images). Borders are mirrored with the edge pixel repeated ({@code d c b a | a b c d}, scipy.ndimage's
 * {@code mode='reflect'}).
 *
 * @param kind which filter
 * @param sigma the Gaussian's standard deviation in pixels for {@link Kind#GAUSSIAN}; 0 otherwise
 */
public record ResidualFilter(Kind kind, double sigma) implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** The Gaussian kernel is cut at this many standard deviations. */
  public static final double GAUSSIAN_TRUNCATE = 3.0;

  /**
   * The fixed high-pass kernel of {@link Kind#HIGH_PASS}: the second-order "KB" kernel of the
   * steganalysis rich models, divided by 4 so that its response at frequency (1/2, 1/2) is 4.
   */
  private static final float[] HIGH_PASS = {
    -0.25f, 0.5f, -0.25f,
    0.5f, -1f, 0.5f,
    -0.25f, 0.5f, -0.25f
  };

  /** The available filters. */
  public enum Kind {
    /** No filtering: the plane itself. */
    NONE,
    /** The plane minus its 3x3 median. */
    MEDIAN_3X3,
    /** The plane minus a Gaussian blur of it. */
    GAUSSIAN,
    /**
     * The plane correlated with the fixed 3x3 kernel {@code [[-1, 2, -1], [2, -4, 2], [-1, 2, -1]] / 4}:
     * zero response to constant and linear ramps.
     */
    HIGH_PASS
  }

  /**
   * Validates the components.
   *
   * @throws BadArgumentException if sigma is not positive for a Gaussian, or non-zero otherwise
   */
  public ResidualFilter {
    Checks.notNull("kind", kind);
    if (kind == Kind.GAUSSIAN) {
      Checks.inRange("sigma", sigma, 0.1, 20.0);
    } else if (sigma != 0) {
      throw new BadArgumentException("sigma", sigma, "0 for " + kind);
    }
  }

  /**
   * No filtering.
   *
   * @return the identity filter
   */
  public static ResidualFilter none() {
    return new ResidualFilter(Kind.NONE, 0);
  }

  /**
   * The plane minus its 3x3 median.
   *
   * @return the filter
   */
  public static ResidualFilter median3x3() {
    return new ResidualFilter(Kind.MEDIAN_3X3, 0);
  }

  /**
   * The plane minus a Gaussian blur.
   *
   * @param sigma the standard deviation in pixels, 0.1 to 20
   * @return the filter
   */
  public static ResidualFilter gaussian(double sigma) {
    return new ResidualFilter(Kind.GAUSSIAN, sigma);
  }

  /**
   * The fixed high-pass kernel.
   *
   * @return the filter
   */
  public static ResidualFilter highPass() {
    return new ResidualFilter(Kind.HIGH_PASS, 0);
  }

  /**
   * Applies the filter.
   *
   * @param plane {@code height * width} values, row-major; not modified
   * @param height rows
   * @param width columns
   * @param out receives the residual; null or wrong-sized to allocate. For {@link Kind#NONE} with a
   *     null {@code out}, {@code plane} itself is returned.
   * @return the residual
   * @throws BadArgumentException on a size mismatch
   */
  public float[] apply(float[] plane, int height, int width, float[] out) {
    Checks.notNull("plane", plane);
    Spectra.checkSize(plane.length, height, width);
    if (kind == Kind.NONE && out == null) {
      return plane;
    }
    float[] result = out != null && out.length == plane.length ? out : new float[plane.length];
    switch (kind) {
      case NONE -> System.arraycopy(plane, 0, result, 0, plane.length);
      case MEDIAN_3X3 -> medianResidual(plane, height, width, result);
      case GAUSSIAN -> gaussianResidual(plane, height, width, sigma, result);
      case HIGH_PASS -> correlate3x3(plane, height, width, HIGH_PASS, result);
      default -> throw new AssertionError(kind);
    }
    return result;
  }

  /** Index with scipy's 'reflect' border: -1 maps to 0, n maps to n - 1. */
  private static int reflect(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * n;
    int m = Math.floorMod(i, period);
    return m < n ? m : period - 1 - m;
  }

  private static void medianResidual(float[] in, int h, int w, float[] out) {
    float[] window = new float[9];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        int k = 0;
        for (int dr = -1; dr <= 1; dr++) {
          int rr = reflect(r + dr, h) * w;
          for (int dc = -1; dc <= 1; dc++) {
            window[k++] = in[rr + reflect(c + dc, w)];
          }
        }
        out[r * w + c] = in[r * w + c] - median9(window);
      }
    }
  }

  /** The median of nine values by a partial insertion sort: allocation-free. */
  private static float median9(float[] v) {
    for (int i = 1; i < 9; i++) {
      float x = v[i];
      int j = i - 1;
      while (j >= 0 && v[j] > x) {
        v[j + 1] = v[j];
        j--;
      }
      v[j + 1] = x;
    }
    return v[4];
  }

  private static void gaussianResidual(float[] in, int h, int w, double sigma, float[] out) {
    int radius = (int) (GAUSSIAN_TRUNCATE * sigma + 0.5);
    double[] kernel = new double[2 * radius + 1];
    double total = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
      total += kernel[i + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= total;
    }
    // Separable: rows into tmp, then columns into the blurred plane.
    float[] tmp = new float[in.length];
    for (int r = 0; r < h; r++) {
      int base = r * w;
      for (int c = 0; c < w; c++) {
        double s = 0;
        for (int k = -radius; k <= radius; k++) {
          s += kernel[k + radius] * in[base + reflect(c + k, w)];
        }
        tmp[base + c] = (float) s;
      }
    }
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        double s = 0;
        for (int k = -radius; k <= radius; k++) {
          s += kernel[k + radius] * tmp[reflect(r + k, h) * w + c];
        }
        out[r * w + c] = in[r * w + c] - (float) s;
      }
    }
  }

  private static void correlate3x3(float[] in, int h, int w, float[] k, float[] out) {
    for (int r = 0; r < h; r++) {
      int up = reflect(r - 1, h) * w;
      int mid = r * w;
      int down = reflect(r + 1, h) * w;
      for (int c = 0; c < w; c++) {
        int left = reflect(c - 1, w);
        int right = reflect(c + 1, w);
        out[mid + c] = k[0] * in[up + left] + k[1] * in[up + c] + k[2] * in[up + right]
            + k[3] * in[mid + left] + k[4] * in[mid + c] + k[5] * in[mid + right]
            + k[6] * in[down + left] + k[7] * in[down + c] + k[8] * in[down + right];
      }
    }
  }

  @Override
  public String toString() {
    return kind == Kind.GAUSSIAN ? "gaussian(" + sigma + ")" : kind.name().toLowerCase(
        java.util.Locale.ROOT);
  }
}
