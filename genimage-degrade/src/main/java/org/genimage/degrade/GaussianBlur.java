package org.genimage.degrade;

import java.util.random.RandomGenerator;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/**
 * Gaussian blur of each channel with standard deviation {@code sigma} (in pixels), matching
 * {@code scipy.ndimage.gaussian_filter} (the default, as CNNSpot's augmentation and the GenImage blur
 * degradation use it) or, as an option, OpenCV's {@code GaussianBlur}; see {@link BlurReference} for
 * the exact semantics of each.
 *
 * <p>The SciPy path reproduces SciPy's arithmetic order (centre tap first, then the symmetric pairs
 * from the outermost inwards, in double precision, with NumPy's pairwise-summed kernel normalisation),
 * so it is bit-exact in practice; the OpenCV path is integer arithmetic and exact. Both are separable;
 * the vertical pass runs over whole rows and the horizontal one over transposed stripes (one array per
 * column), so the JIT can vectorise both; the row and column arrays live in per-thread scratch.
 */
public final class GaussianBlur implements ImageTransform {
  /** The largest sigma accepted (a kernel of about 8000 taps). */
  public static final double MAX_SIGMA = 1000.0;

  private final double sigma;
  private final BlurReference reference;
  private final double[] scipyKernel;
  private final int[] opencvKernel;

  private GaussianBlur(double sigma, BlurReference reference) {
    Checks.notNull("reference", reference);
    if (reference == BlurReference.OPENCV) {
      if (!(sigma > 0 && sigma <= MAX_SIGMA)) {
        throw new BadArgumentException("sigma", sigma, "(0, " + MAX_SIGMA + "] for OpenCV");
      }
    } else {
      Checks.inRange("sigma", sigma, 0.0, MAX_SIGMA);
    }
    this.sigma = sigma;
    this.reference = reference;
    this.scipyKernel = reference == BlurReference.SCIPY ? scipyKernel(sigma) : null;
    this.opencvKernel = reference == BlurReference.OPENCV ? opencvKernel(sigma) : null;
  }

  /**
   * A blur matching {@code scipy.ndimage.gaussian_filter} per channel (sigma 0 is the identity, as
   * SciPy skips sigmas below 1e-15).
   *
   * @param sigma the standard deviation in pixels, 0..{@value #MAX_SIGMA}
   * @return the transform
   * @throws BadArgumentException if sigma is negative, too large or not a number
   */
  public static GaussianBlur scipy(double sigma) {
    return new GaussianBlur(sigma, BlurReference.SCIPY);
  }

  /**
   * A blur matching OpenCV's {@code GaussianBlur(img, (0, 0), sigma)}.
   *
   * @param sigma the standard deviation in pixels, greater than 0, at most {@value #MAX_SIGMA}
   * @return the transform
   * @throws BadArgumentException if sigma is not positive, too large or not a number
   */
  public static GaussianBlur opencv(double sigma) {
    return new GaussianBlur(sigma, BlurReference.OPENCV);
  }

  /**
   * A blur with the given reference.
   *
   * @param sigma the standard deviation in pixels
   * @param reference the library to match
   * @return the transform
   * @throws BadArgumentException if sigma is out of range for the reference
   */
  public static GaussianBlur of(double sigma, BlurReference reference) {
    return new GaussianBlur(sigma, reference);
  }

  /**
   * The standard deviation.
   *
   * @return sigma in pixels
   */
  public double sigma() {
    return sigma;
  }

  /**
   * The library matched.
   *
   * @return the reference
   */
  public BlurReference reference() {
    return reference;
  }

  @Override
  public RgbImage apply(RgbImage image, RandomGenerator random) {
    Checks.notNull("image", image);
    if (reference == BlurReference.OPENCV) {
      return opencvBlur(image, opencvKernel);
    }
    return scipyKernel == null ? image : scipyBlur(image, scipyKernel);
  }

  @Override
  public String description() {
    return reference == BlurReference.SCIPY
        ? "gaussianBlur(sigma=" + sigma + ", truncate=4.0, mode=reflect, reference=" + reference.label() + ")"
        : "gaussianBlur(sigma=" + sigma + ", ksize=" + opencvKernel.length
            + ", border=REFLECT_101, reference=" + reference.label() + ")";
  }

  @Override
  public String toString() {
    return description();
  }

  /**
   * Blurs as {@code scipy.ndimage.gaussian_filter} per channel, for a sigma known only per call (the
   * augmentation draws one per image).
   *
   * @param image the input
   * @param sigma the standard deviation, 0..{@value #MAX_SIGMA}
   * @return the blurred image (the input itself for sigma below 1e-15)
   */
  public static RgbImage scipyBlur(RgbImage image, double sigma) {
    Checks.notNull("image", image);
    Checks.inRange("sigma", sigma, 0.0, MAX_SIGMA);
    double[] kernel = scipyKernel(sigma);
    return kernel == null ? image : scipyBlur(image, kernel);
  }

  // ---------------------------------------------------------------- SciPy

  /** Half kernel {@code k[0..radius]} (k[0] the centre), as SciPy's _gaussian_kernel1d; null if skipped. */
  static double[] scipyKernel(double sigma) {
    if (sigma <= 1e-15) {
      return null;
    }
    int radius = (int) (4.0 * sigma + 0.5);
    double sigma2 = sigma * sigma;
    double factor = -0.5 / sigma2;
    int n = 2 * radius + 1;
    double[] phi = new double[n];
    for (int i = 0; i < n; i++) {
      long x = i - radius;
      phi[i] = Math.exp(factor * (double) (x * x));
    }
    double sum = numpySum(phi);
    double[] half = new double[radius + 1];
    for (int k = 0; k <= radius; k++) {
      half[k] = phi[radius + k] / sum;
    }
    return half;
  }

  /** NumPy's float64 add.reduce: the first element plus the pairwise sum of the rest. */
  static double numpySum(double[] a) {
    if (a.length == 0) {
      return 0.0;
    }
    return a[0] + pairwise(a, 1, a.length - 1);
  }

  private static double pairwise(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else if (n <= 128) {
      double[] r = new double[8];
      for (int j = 0; j < 8; j++) {
        r[j] = a[from + j];
      }
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
    }
  }

  /** SciPy's 'reflect' (half-sample symmetric) index, periodic with period 2n. */
  static int reflect(int i, int n) {
    int period = 2 * n;
    int m = i % period;
    if (m < 0) {
      m += period;
    }
    return m < n ? m : period - 1 - m;
  }

  /** Rows per stripe of the horizontal pass (the stripe's column arrays stay in the L2 cache). */
  private static final int STRIPE = 64;

  /**
   * Axis 0 over whole rows of doubles, truncated to integers, then axis 1 on a transposed stripe of
   * those rows (one array per column), so that both passes are equally indexed array loops the JIT
   * vectorises. The arithmetic per value is SciPy's: centre tap, then (a + b) * k[t] from the
   * outermost pair inwards, in double precision.
   */
  // package-private: GaussianBlurParityTest runs it with NumPy's kernel weights to pin the sigma-0.5 residue
  static RgbImage scipyBlur(RgbImage image, double[] k) {
    int w = image.width();
    int h = image.height();
    int r = k.length - 1;
    int rowLen = 3 * w;
    Scratch scratch = Scratch.get();
    byte[] in = scratch.input(image);
    double[][] rows = scratch.doubleRows(2, h, rowLen);
    for (int y = 0; y < h; y++) {
      double[] row = rows[y];
      int p = y * rowLen;
      for (int j = 0; j < rowLen; j++) {
        row[j] = in[p + j] & 0xFF;
      }
    }
    int stripe = Math.min(STRIPE, h);
    double[][] cols = scratch.doubleRows(3, w, 3 * stripe);
    double[] acc = scratch.doubles(2, Math.max(rowLen, 3 * stripe));
    byte[] out = new byte[rowLen * h];
    double w0 = k[0];
    for (int s0 = 0; s0 < h; s0 += stripe) {
      int n = Math.min(stripe, h - s0);
      // axis 0 (vertical), one output row at a time, written transposed into the stripe's columns
      for (int i = 0; i < n; i++) {
        int y = s0 + i;
        double[] centre = rows[y];
        for (int j = 0; j < rowLen; j++) {
          acc[j] = centre[j] * w0;
        }
        for (int t = r; t >= 1; t--) {
          double[] a = rows[reflect(y - t, h)];
          double[] b = rows[reflect(y + t, h)];
          double wt = k[t];
          for (int j = 0; j < rowLen; j++) {
            acc[j] += (a[j] + b[j]) * wt;
          }
        }
        int q = 3 * i;
        for (int x = 0, p = 0; x < w; x++, p += 3) {
          double[] col = cols[x];
          // SciPy casts the double to uint8 (truncation; the value is within 0..255)
          col[q] = (int) acc[p];
          col[q + 1] = (int) acc[p + 1];
          col[q + 2] = (int) acc[p + 2];
        }
      }
      // axis 1 (horizontal) on the columns
      int len = 3 * n;
      for (int x = 0; x < w; x++) {
        double[] centre = cols[x];
        for (int j = 0; j < len; j++) {
          acc[j] = centre[j] * w0;
        }
        for (int t = r; t >= 1; t--) {
          double[] a = cols[reflect(x - t, w)];
          double[] b = cols[reflect(x + t, w)];
          double wt = k[t];
          for (int j = 0; j < len; j++) {
            acc[j] += (a[j] + b[j]) * wt;
          }
        }
        for (int i = 0, o = 3 * (s0 * w + x); i < len; i += 3, o += rowLen) {
          out[o] = (byte) (int) acc[i];
          out[o + 1] = (byte) (int) acc[i + 1];
          out[o + 2] = (byte) (int) acc[i + 2];
        }
      }
    }
    return RgbImage.wrap(w, h, out);
  }

  // ---------------------------------------------------------------- OpenCV

  /** OpenCV's 8-bit kernel: getGaussianKernelBitExact then getGaussianKernelFixedPoint_ED(8 bits). */
  static int[] opencvKernel(double sigma) {
    int n = (int) Math.rint(sigma * 3 * 2 + 1) | 1;
    double scale2X = -0.125 / (sigma * sigma);
    int n2 = (n - 1) / 2;
    double[] values = new double[n2];
    double sum = 0.0;
    for (int i = 0, x = 1 - n; i < n2; i++, x += 2) {
      double t = Math.exp((double) ((long) x * x) * scale2X);
      values[i] = t;
      sum += t;
    }
    sum *= 2.0;
    sum += 1.0;
    double mul1 = 1.0 / sum;
    int[] result = new int[n];
    double err = 0.0;
    long fixedSum = 0;
    for (int i = 0; i < n2; i++) {
      double adj = values[i] * mul1 * 256.0 + err;
      long v0 = (long) Math.rint(adj);
      err = adj - v0;
      result[i] = (int) v0;
      result[n - 1 - i] = (int) v0;
      fixedSum += v0;
    }
    result[n2] = (int) (256 - 2 * fixedSum);
    return result;
  }

  /** OpenCV's borderInterpolate for BORDER_REFLECT_101. */
  static int reflect101(int p, int len) {
    if (len == 1) {
      return 0;
    }
    while (p < 0 || p >= len) {
      p = p < 0 ? -p : 2 * (len - 1) - p;
    }
    return p;
  }

  /**
   * OpenCV's order: the horizontal pass (8.8 fixed point, exact) on transposed stripes, then the
   * vertical pass on whole rows (16.16, rounded once). The kernel is symmetric and the sums are exact
   * integers, so taps are folded in pairs without changing the result.
   */
  private static RgbImage opencvBlur(RgbImage image, int[] k) {
    int w = image.width();
    int h = image.height();
    int r = k.length / 2;
    int rowLen = 3 * w;
    Scratch scratch = Scratch.get();
    byte[] in = scratch.input(image);
    int stripe = Math.min(STRIPE, h);
    int[][] cols = scratch.intRows(2, w, 3 * stripe);
    int[][] mid = scratch.intRows(3, h, rowLen);
    int[] acc = scratch.ints(2, Math.max(rowLen, 3 * stripe));
    int kc = k[r];
    for (int s0 = 0; s0 < h; s0 += stripe) {
      int n = Math.min(stripe, h - s0);
      int len = 3 * n;
      ColumnTranspose.transpose(in, w, s0, n, cols);
      for (int x = 0; x < w; x++) {
        int[] centre = cols[x];
        for (int j = 0; j < len; j++) {
          acc[j] = centre[j] * kc;
        }
        for (int t = 1; t <= r; t++) {
          int kt = k[r - t];
          if (kt == 0) {
            continue;
          }
          int[] a = cols[reflect101(x - t, w)];
          int[] b = cols[reflect101(x + t, w)];
          for (int j = 0; j < len; j++) {
            acc[j] += (a[j] + b[j]) * kt;
          }
        }
        for (int i = 0, p = 3 * x; i < n; i++) {
          int[] row = mid[s0 + i];
          row[p] = acc[3 * i];
          row[p + 1] = acc[3 * i + 1];
          row[p + 2] = acc[3 * i + 2];
        }
      }
    }
    byte[] out = new byte[rowLen * h];
    for (int y = 0; y < h; y++) {
      int[] centre = mid[y];
      for (int j = 0; j < rowLen; j++) {
        acc[j] = (1 << 15) + centre[j] * kc;
      }
      for (int t = 1; t <= r; t++) {
        int kt = k[r - t];
        if (kt == 0) {
          continue;
        }
        int[] a = mid[reflect101(y - t, h)];
        int[] b = mid[reflect101(y + t, h)];
        for (int j = 0; j < rowLen; j++) {
          acc[j] += (a[j] + b[j]) * kt;
        }
      }
      int c = y * rowLen;
      for (int j = 0; j < rowLen; j++) {
        out[c + j] = (byte) Math.min(255, acc[j] >>> 16);
      }
    }
    return RgbImage.wrap(w, h, out);
  }
}
