package org.genimage.degrade;

import java.util.random.RandomGenerator;
import org.genimage.api.Checks;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;

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
 * intermediate buffers are reused per thread.
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
    byte[] current = in;
    int curW = inW;
    if (outWidth != inW) {
      Coefficients cx = Coefficients.of(inW, outWidth, filter);
      // the intermediate is per-thread scratch unless it is already the result
      byte[] tmp = outHeight != inH
          ? Scratch.get().bytes(1, 3 * outWidth * inH) : new byte[3 * outWidth * inH];
      horizontal(current, inW, inH, tmp, outWidth, cx);
      current = tmp;
      curW = outWidth;
    }
    if (outHeight != inH) {
      Coefficients cy = Coefficients.of(inH, outHeight, filter);
      byte[] out = new byte[3 * curW * outHeight];
      vertical(current, curW, out, outHeight, cy);
      current = out;
    }
    return RgbImage.wrap(outWidth, outHeight, current);
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

  private static int clip8(int v) {
    if (v >= (1 << PRECISION_BITS << 8)) {
      return 255;
    }
    if (v <= 0) {
      return 0;
    }
    return v >> PRECISION_BITS;
  }

  private static void horizontal(byte[] in, int inW, int h, byte[] out, int outW, Coefficients c) {
    final int half = 1 << (PRECISION_BITS - 1);
    int[] bounds = c.bounds;
    int[] weights = c.weights;
    int ksize = c.ksize;
    for (int y = 0; y < h; y++) {
      int rowIn = 3 * y * inW;
      int o = 3 * y * outW;
      for (int xx = 0; xx < outW; xx++) {
        int xmin = bounds[2 * xx];
        int xmax = bounds[2 * xx + 1];
        int kbase = xx * ksize;
        int s0 = half;
        int s1 = half;
        int s2 = half;
        int p = rowIn + 3 * xmin;
        for (int x = 0; x < xmax; x++, p += 3) {
          int k = weights[kbase + x];
          s0 += (in[p] & 0xFF) * k;
          s1 += (in[p + 1] & 0xFF) * k;
          s2 += (in[p + 2] & 0xFF) * k;
        }
        out[o++] = (byte) clip8(s0);
        out[o++] = (byte) clip8(s1);
        out[o++] = (byte) clip8(s2);
      }
    }
  }

  private static void vertical(byte[] in, int w, byte[] out, int outH, Coefficients c) {
    final int half = 1 << (PRECISION_BITS - 1);
    int rowLen = 3 * w;
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
        int r = (ymin + y) * rowLen;
        for (int j = 0; j < rowLen; j++) {
          acc[j] += (in[r + j] & 0xFF) * k;
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
