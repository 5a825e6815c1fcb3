package org.genimage.degrade;

import java.util.random.RandomGenerator;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/**
 * Resizes an image the way Pillow 9's {@code Image.resize(size, filter)} does, within one gray level
 * (bit-exact in practice).
 *
 * <p>Reference: Pillow's {@code libImaging/Resample.c}. For every filter except
 * {@link ResampleFilter#NEAREST}, Pillow resamples horizontally and then vertically, each pass a
 * convolution whose support is the filter's support times {@code max(1, inSize / outSize)} (so
 * down-sampling is antialiased). The per-output weights are computed in double precision, normalised,
 * converted to fixed point with {@code PRECISION_BITS = 22} (rounding half away from zero), and each
 * pass accumulates {@code 2^21 + sum(w * v)} in 32-bit integers and clips {@code sum >> 22} to
 * 0..255: the intermediate image is 8-bit. All of that is reproduced here. {@code NEAREST} is Pillow's
 * affine scale: source index {@code (int) (scale * (x + 0.5))}, with Pillow's incremental
 * accumulation of the position.
 *
 * <p>Two sizing modes: a fixed output size, or the shorter side set to a length with the longer side
 * {@code (int) (length * long / short)} (torchvision's {@code Resize(int)} rule). The weights depend
 * only on the input and output sizes; they are recomputed per call (a few kilobytes), while the wide
 * intermediate buffers are reused per thread. Both passes accumulate whole arrays (input stripes are
 * transposed to columns for the horizontal pass) so the JIT vectorises them; integer sums are exact,
 * so the result does not depend on that order.
 */
public final class Resize implements ImageTransform {
  private static final int PRECISION_BITS = 32 - 8 - 2;

  private final int width;
  private final int height;
  private final int shorterSide;
  private final ResampleFilter filter;

  private Resize(int width, int height, int shorterSide, ResampleFilter filter) {
    this.width = width;
    this.height = height;
    this.shorterSide = shorterSide;
    this.filter = Checks.notNull("filter", filter);
  }

  /**
   * Resizes every image to {@code width x height}.
   *
   * @param width the output width, at least 1
   * @param height the output height, at least 1
   * @param filter the resampling filter
   * @return the transform
   * @throws org.genimage.api.BadArgumentException if a size is not positive or the filter is null
   */
  public static Resize to(int width, int height, ResampleFilter filter) {
    Checks.positive("width", width);
    Checks.positive("height", height);
    return new Resize(width, height, 0, filter);
  }

  /**
   * Resizes so that the shorter side becomes {@code length}, keeping the aspect ratio (the longer
   * side becomes {@code (int) (length * long / short)}, as torchvision's {@code Resize(int)}).
   *
   * @param length the shorter side's new length, at least 1
   * @param filter the resampling filter
   * @return the transform
   * @throws org.genimage.api.BadArgumentException if the length is not positive or the filter is null
   */
  public static Resize shorterSide(int length, ResampleFilter filter) {
    Checks.positive("length", length);
    return new Resize(0, 0, length, filter);
  }

  /**
   * The filter.
   *
   * @return the resampling filter
   */
  public ResampleFilter filter() {
    return filter;
  }

  @Override
  public RgbImage apply(RgbImage image, RandomGenerator random) {
    Checks.notNull("image", image);
    int w = width;
    int h = height;
    if (shorterSide > 0) {
      int iw = image.width();
      int ih = image.height();
      if (iw <= ih) {
        w = shorterSide;
        h = (int) ((long) shorterSide * ih / iw);
      } else {
        h = shorterSide;
        w = (int) ((long) shorterSide * iw / ih);
      }
    }
    return resize(image, w, h, filter);
  }

  @Override
  public String description() {
    String size = shorterSide > 0 ? "shorterSide=" + shorterSide : "width=" + width + ", height=" + height;
    return "resize(" + size + ", filter=" + filter.label() + ", reference=Pillow Image.resize)";
  }

  @Override
  public String toString() {
    return description();
  }

  /**
   * Resizes one image, as Pillow's {@code image.resize((outWidth, outHeight), filter)}.
   *
   * @param image the input
   * @param outWidth the output width, at least 1
   * @param outHeight the output height, at least 1
   * @param filter the filter
   * @return a new image (the input itself when the size is unchanged)
   */
  public static RgbImage resize(RgbImage image, int outWidth, int outHeight, ResampleFilter filter) {
    Checks.notNull("image", image);
    Checks.positive("outWidth", outWidth);
    Checks.positive("outHeight", outHeight);
    Checks.notNull("filter", filter);
    int inW = image.width();
    int inH = image.height();
    if (inW == outWidth && inH == outHeight) {
      return image;
    }
    byte[] in = Scratch.get().input(image);
    if (filter == ResampleFilter.NEAREST) {
      return RgbImage.wrap(outWidth, outHeight, nearest(in, inW, inH, outWidth, outHeight));
    }
    byte[] out = new byte[3 * outWidth * outHeight];
    if (outHeight == inH) {
      horizontal(in, inW, 0, inH, Coefficients.of(inW, outWidth, filter), outWidth, null, out);
      return RgbImage.wrap(outWidth, outHeight, out);
    }
    Coefficients cy = Coefficients.of(inH, outHeight, filter);
    // Pillow resamples horizontally only the rows the vertical pass reads
    int yFirst = cy.bounds[0];
    int yLast = cy.bounds[2 * (outHeight - 1)] + cy.bounds[2 * (outHeight - 1) + 1];
    int[][] rows = Scratch.get().intRows(1, yLast - yFirst, 3 * outWidth);
    if (outWidth != inW) {
      horizontal(in, inW, yFirst, yLast, Coefficients.of(inW, outWidth, filter), outWidth, rows, null);
    } else {
      for (int y = yFirst; y < yLast; y++) {
        int[] row = rows[y - yFirst];
        int p = 3 * y * inW;
        for (int j = 0; j < 3 * inW; j++) {
          row[j] = in[p + j] & 0xFF;
        }
      }
    }
    vertical(rows, yFirst, 3 * outWidth, out, outHeight, cy);
    return RgbImage.wrap(outWidth, outHeight, out);
  }

  /** Pillow's {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}. */
  static final class Coefficients {
    final int ksize;
    final int[] bounds;
    final int[] weights;

    private Coefficients(int ksize, int[] bounds, int[] weights) {
      this.ksize = ksize;
      this.bounds = bounds;
      this.weights = weights;
    }

    static Coefficients of(int inSize, int outSize, ResampleFilter filter) {
      double scale = (double) inSize / outSize;
      double filterscale = Math.max(scale, 1.0);
      double support = filter.support() * filterscale;
      int ksize = (int) Math.ceil(support) * 2 + 1;
      int[] bounds = new int[2 * outSize];
      int[] weights = new int[outSize * ksize];
      double[] k = new double[ksize];
      double ss = 1.0 / filterscale;
      for (int xx = 0; xx < outSize; xx++) {
        double center = (xx + 0.5) * scale;
        int xmin = (int) (center - support + 0.5);
        if (xmin < 0) {
          xmin = 0;
        }
        int xmax = (int) (center + support + 0.5);
        if (xmax > inSize) {
          xmax = inSize;
        }
        xmax -= xmin;
        double ww = 0.0;
        for (int x = 0; x < xmax; x++) {
          double w = filter.weight((x + xmin - center + 0.5) * ss);
          k[x] = w;
          ww += w;
        }
        for (int x = 0; x < xmax; x++) {
          double v = ww != 0.0 ? k[x] / ww : k[x];
          weights[xx * ksize + x] = v < 0
              ? (int) (-0.5 + v * (1 << PRECISION_BITS))
              : (int) (0.5 + v * (1 << PRECISION_BITS));
        }
        bounds[2 * xx] = xmin;
        bounds[2 * xx + 1] = xmax;
      }
      return new Coefficients(ksize, bounds, weights);
    }
  }

  /** Pillow's clip8: {@code sum >> 22} clamped to 0..255 (as min/max so that it vectorises). */
  private static int clip8(int v) {
    return Math.min(255, Math.max(0, v >> PRECISION_BITS));
  }

  /** Input rows per stripe of the horizontal pass: the transposed stripe stays in the L2 cache. */
  private static final int STRIPE = 128;

  /**
   * The horizontal pass over input rows {@code y0..y1-1}, into int rows (indexed from y0) or, when
   * {@code rows} is null, straight into the output bytes. Each stripe of rows is transposed into one
   * array per input column, so that every output column is a sum of whole column arrays times a
   * weight: contiguous, equally indexed loops the JIT vectorises (the integer sums are exact, so the
   * order of the taps does not change the result).
   */
  private static void horizontal(byte[] in, int inW, int y0, int y1, Coefficients c, int outW,
      int[][] rows, byte[] out) {
    final int half = 1 << (PRECISION_BITS - 1);
    int[] bounds = c.bounds;
    int[] weights = c.weights;
    int ksize = c.ksize;
    Scratch scratch = Scratch.get();
    int[][] cols = scratch.intRows(0, inW, 3 * STRIPE);
    int[] acc = scratch.ints(0, 3 * STRIPE);
    for (int s0 = y0; s0 < y1; s0 += STRIPE) {
      int n = Math.min(STRIPE, y1 - s0);
      int len = 3 * n;
      ColumnTranspose.transpose(in, inW, s0, n, cols);
      for (int xx = 0; xx < outW; xx++) {
        int xmin = bounds[2 * xx];
        int xmax = bounds[2 * xx + 1];
        int kbase = xx * ksize;
        java.util.Arrays.fill(acc, 0, len, half);
        for (int x = 0; x < xmax; x++) {
          int k = weights[kbase + x];
          int[] col = cols[xmin + x];
          for (int j = 0; j < len; j++) {
            acc[j] += col[j] * k;
          }
        }
        for (int j = 0; j < len; j++) {
          acc[j] = clip8(acc[j]);
        }
        if (rows != null) {
          for (int i = 0; i < n; i++) {
            int[] row = rows[s0 - y0 + i];
            row[3 * xx] = acc[3 * i];
            row[3 * xx + 1] = acc[3 * i + 1];
            row[3 * xx + 2] = acc[3 * i + 2];
          }
        } else {
          for (int i = 0, o = 3 * (s0 * outW + xx); i < n; i++, o += 3 * outW) {
            out[o] = (byte) acc[3 * i];
            out[o + 1] = (byte) acc[3 * i + 1];
            out[o + 2] = (byte) acc[3 * i + 2];
          }
        }
      }
    }
  }

  /** The vertical pass: whole rows times a weight, accumulated row-wise. */
  private static void vertical(int[][] rows, int y0, int rowLen, byte[] out, int outH, Coefficients c) {
    final int half = 1 << (PRECISION_BITS - 1);
    int[] acc = Scratch.get().ints(0, rowLen);
    int[] bounds = c.bounds;
    int[] weights = c.weights;
    int ksize = c.ksize;
    for (int yy = 0; yy < outH; yy++) {
      int ymin = bounds[2 * yy];
      int ymax = bounds[2 * yy + 1];
      java.util.Arrays.fill(acc, 0, rowLen, half);
      for (int y = 0; y < ymax; y++) {
        int k = weights[yy * ksize + y];
        int[] row = rows[ymin + y - y0];
        for (int j = 0; j < rowLen; j++) {
          acc[j] += row[j] * k;
        }
      }
      int o = yy * rowLen;
      for (int j = 0; j < rowLen; j++) {
        out[o + j] = (byte) clip8(acc[j]);
      }
    }
  }

  /** Pillow's {@code ImagingScaleAffine} for NEAREST, including its accumulated source position. */
  private static byte[] nearest(byte[] in, int inW, int inH, int outW, int outH) {
    byte[] out = new byte[3 * outW * outH];
    double ax = (double) inW / outW;
    double ay = (double) inH / outH;
    int[] xin = Scratch.get().ints(1, outW);
    double xo = ax * 0.5;
    for (int x = 0; x < outW; x++) {
      int xi = xo < 0.0 ? -1 : (int) xo;
      xin[x] = xi >= 0 && xi < inW ? xi : -1;
      xo += ax;
    }
    double yo = ay * 0.5;
    for (int y = 0; y < outH; y++) {
      int yi = yo < 0.0 ? -1 : (int) yo;
      yo += ay;
      if (yi < 0 || yi >= inH) {
        continue;
      }
      int r = 3 * yi * inW;
      int o = 3 * y * outW;
      for (int x = 0; x < outW; x++, o += 3) {
        int xi = xin[x];
        if (xi >= 0) {
          int p = r + 3 * xi;
          out[o] = in[p];
          out[o + 1] = in[p + 1];
          out[o + 2] = in[p + 2];
        }
      }
    }
    return out;
  }
}
