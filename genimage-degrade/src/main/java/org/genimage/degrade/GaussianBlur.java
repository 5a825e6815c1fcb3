package org.genimage.degrade;

import java.util.random.RandomGenerator;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Checks;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;

/**
 * Gaussian blur of each channel with standard deviation {@code sigma} (in pixels), matching
 * {@code scipy.ndimage.gaussian_filter} (the default, as CNNSpot's augmentation and the GenImage blur
 * degradation use it) or, as an option, OpenCV's {@code GaussianBlur}; see {@link BlurReference} for
 * the exact semantics of each.
 *
 * <p>The SciPy path reproduces SciPy's arithmetic order (centre tap first, then the symmetric pairs
 * from the outermost inwards, in double precision, with NumPy's pairwise-summed kernel normalisation),
 * so it is bit-exact in practice; the OpenCV path is integer arithmetic and exact. Both are separable
 * and run over whole rows so the JIT can vectorise them; the padded rows and the intermediate image
 * live in per-thread scratch buffers.
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

  private static RgbImage scipyBlur(RgbImage image, double[] k) {
    int w = image.width();
    int h = image.height();
    int r = k.length - 1;
    int rowLen = 3 * w;
    Scratch scratch = Scratch.get();
    byte[] in = scratch.input(image);
    double[] acc = scratch.doubles(2, rowLen + 6 * r);
    int[] mid = scratch.ints(2, rowLen * h);
    // axis 0 (vertical): per output row, whole-row accumulation in SciPy's tap order
    double w0 = k[0];
    for (int y = 0; y < h; y++) {
      int c = y * rowLen;
      for (int j = 0; j < rowLen; j++) {
        acc[j] = (in[c + j] & 0xFF) * w0;
      }
      for (int t = r; t >= 1; t--) {
        int a = reflect(y - t, h) * rowLen;
        int b = reflect(y + t, h) * rowLen;
        double wt = k[t];
        for (int j = 0; j < rowLen; j++) {
          acc[j] += ((in[a + j] & 0xFF) + (in[b + j] & 0xFF)) * wt;
        }
      }
      for (int j = 0; j < rowLen; j++) {
        mid[c + j] = (int) acc[j]; // SciPy casts the double to uint8: truncation
      }
    }
    // axis 1 (horizontal): a reflect-padded interleaved row, taps at stride 3
    int[] padded = scratch.ints(3, rowLen + 6 * r);
    byte[] out = new byte[rowLen * h];
    for (int y = 0; y < h; y++) {
      int c = y * rowLen;
      for (int x = -r; x < w + r; x++) {
        int src = c + 3 * reflect(x, w);
        int dst = 3 * (x + r);
        padded[dst] = mid[src];
        padded[dst + 1] = mid[src + 1];
        padded[dst + 2] = mid[src + 2];
      }
      int centre = 3 * r;
      for (int j = 0; j < rowLen; j++) {
        acc[j] = padded[centre + j] * w0;
      }
      for (int t = r; t >= 1; t--) {
        int a = 3 * (r - t);
        int b = 3 * (r + t);
        double wt = k[t];
        for (int j = 0; j < rowLen; j++) {
          acc[j] += (padded[a + j] + padded[b + j]) * wt;
        }
      }
      for (int j = 0; j < rowLen; j++) {
        out[c + j] = (byte) (int) acc[j];
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

  private static RgbImage opencvBlur(RgbImage image, int[] k) {
    int w = image.width();
    int h = image.height();
    int n = k.length;
    int r = n / 2;
    int rowLen = 3 * w;
    Scratch scratch = Scratch.get();
    byte[] in = scratch.input(image);
    int[] padded = scratch.ints(3, rowLen + 6 * r);
    int[] mid = scratch.ints(2, rowLen * h);
    // horizontal: 8.8 fixed point, exact
    for (int y = 0; y < h; y++) {
      int c = y * rowLen;
      for (int x = -r; x < w + r; x++) {
        int src = c + 3 * reflect101(x, w);
        int dst = 3 * (x + r);
        padded[dst] = in[src] & 0xFF;
        padded[dst + 1] = in[src + 1] & 0xFF;
        padded[dst + 2] = in[src + 2] & 0xFF;
      }
      for (int j = 0; j < rowLen; j++) {
        mid[c + j] = 0;
      }
      for (int t = 0; t < n; t++) {
        int kt = k[t];
        if (kt == 0) {
          continue;
        }
        int off = 3 * t;
        for (int j = 0; j < rowLen; j++) {
          mid[c + j] += padded[off + j] * kt;
        }
      }
    }
    // vertical: 16.16 fixed point, rounded once
    int[] acc = scratch.ints(4, rowLen);
    byte[] out = new byte[rowLen * h];
    for (int y = 0; y < h; y++) {
      java.util.Arrays.fill(acc, 0, rowLen, 1 << 15);
      for (int t = 0; t < n; t++) {
        int kt = k[t];
        if (kt == 0) {
          continue;
        }
        int src = reflect101(y + t - r, h) * rowLen;
        for (int j = 0; j < rowLen; j++) {
          acc[j] += mid[src + j] * kt;
        }
      }
      int c = y * rowLen;
      for (int j = 0; j < rowLen; j++) {
        int v = acc[j] >>> 16;
        out[c + j] = (byte) (v > 255 ? 255 : v);
      }
    }
    return RgbImage.wrap(w, h, out);
  }
}
