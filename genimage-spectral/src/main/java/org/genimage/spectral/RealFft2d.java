package org.genimage.spectral;

import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * A single-precision 2D FFT of a real {@code height x width} plane with reused plans and buffers:
 * the hot path of every spectrum in this module.
 *
 * <p>It returns the non-redundant half of the spectrum, {@code height x (width / 2 + 1)} complex
 * values, laid out exactly like {@code numpy.fft.rfft2}: row-major, interleaved re, im. The other half
 * follows from Hermitian symmetry, {@code X[r][c] = conj(X[(H - r) % H][(W - c) % W])}.
 *
 * <p>Power-of-two sizes (both sides at least 2, the usual crops) take a row-vectorised path: two
 * real rows packed into one complex FFT along the columns, butterflies written as loops over whole
 * rows that HotSpot compiles to SIMD, and one cache-tiled transpose before the FFT along the rows
 * (see {@code RowVectorFft2d}). Other sizes run JTransforms 1D real FFTs over the rows followed by 1D
 * complex FFTs over the {@code width / 2 + 1} columns, which it keeps contiguous in a transposed
 * workspace. Neither path starts threads (unlike {@code FloatFFT_2D}), so callers parallelise across
 * images (one instance per thread) without oversubscribing the cores. All scratch is allocated once
 * per instance; a call allocates nothing.
 *
 * <p>Not thread-safe: an instance owns its workspace. Use {@link #forThread(int, int)} for a cached,
 * thread-confined instance per size.
 */
public final class RealFft2d {
  private static final int CACHE_SIZE = 4;
  private static final ThreadLocal<RealFft2d[]> CACHE =
      ThreadLocal.withInitial(() -> new RealFft2d[CACHE_SIZE]);

  private final int height;
  private final int width;
  private final int halfWidth;
  /** The row-vectorised path for power-of-two sizes; null for the others. */
  private final RowVectorFft2d powerOfTwo;
  private final FloatFFT_1D rowFft;
  private final FloatFFT_1D columnFft;
  private final float[] row;
  /**
   * Distance between columns in {@link #columns}: {@code 2 * height} plus one cache line, so that
   * power-of-two heights do not map every column to the same cache set (4K aliasing).
   */
  private final int stride;
  /** Column-major half spectrum: column c starts at {@code c * stride}. */
  private final float[] columns;

  /**
   * Plans a transform for one size.
   *
   * @param height rows, at least 1
   * @param width columns, at least 1
   * @throws BadArgumentException if a dimension is not positive
   */
  public RealFft2d(int height, int width) {
    this.height = Checks.positive("height", height);
    this.width = Checks.positive("width", width);
    this.halfWidth = width / 2 + 1;
    if (RowVectorFft2d.supports(height, width)) {
      this.powerOfTwo = new RowVectorFft2d(height, width);
      this.rowFft = null;
      this.columnFft = null;
      this.row = null;
      this.stride = 0;
      this.columns = null;
    } else {
      this.powerOfTwo = null;
      this.rowFft = new FloatFFT_1D(width);
      this.columnFft = new FloatFFT_1D(height);
      this.row = new float[Math.max(width, 2)];
      this.stride = 2 * height + 16;
      this.columns = new float[stride * halfWidth];
    }
  }

  /**
   * A transform for this size owned by the calling thread, created on first use and kept in a small
   * per-thread cache (the last four sizes).
   *
   * @param height rows
   * @param width columns
   * @return a thread-confined instance; do not hand it to another thread
   */
  public static RealFft2d forThread(int height, int width) {
    RealFft2d[] cache = CACHE.get();
    for (int i = 0; i < cache.length; i++) {
      RealFft2d fft = cache[i];
      if (fft != null && fft.height == height && fft.width == width) {
        if (i > 0) {
          System.arraycopy(cache, 0, cache, 1, i);
          cache[0] = fft;
        }
        return fft;
      }
    }
    RealFft2d fft = new RealFft2d(height, width);
    System.arraycopy(cache, 0, cache, 1, cache.length - 1);
    cache[0] = fft;
    return fft;
  }

  /**
   * The number of rows.
   *
   * @return the height
   */
  public int height() {
    return height;
  }

  /**
   * The number of columns.
   *
   * @return the width
   */
  public int width() {
    return width;
  }

  /**
   * The number of complex columns of the half spectrum.
   *
   * @return {@code width / 2 + 1}
   */
  public int halfWidth() {
    return halfWidth;
  }

  /**
   * Transforms into the internal column-major workspace; the other methods read it from there.
   *
   * @param plane {@code height * width} values, row-major; not modified
   */
  private void transform(float[] plane) {
    checkPlane(plane);
    final int h2 = stride;
    final boolean even = (width & 1) == 0;
    final int w = width;
    for (int r = 0; r < height; r++) {
      System.arraycopy(plane, r * w, row, 0, w);
      if (w > 1) {
        rowFft.realForward(row);
      }
      // Unpack JTransforms' packed real layout into column-major complex values.
      int base = 2 * r;
      columns[base] = row[0];
      columns[base + 1] = 0f;
      if (w == 1) {
        continue;
      }
      if (even) {
        int last = halfWidth - 1;
        for (int c = 1; c < last; c++) {
          int o = c * h2 + base;
          columns[o] = row[2 * c];
          columns[o + 1] = row[2 * c + 1];
        }
        int o = last * h2 + base;
        columns[o] = row[1];
        columns[o + 1] = 0f;
      } else {
        int last = halfWidth - 1;
        for (int c = 1; c < last; c++) {
          int o = c * h2 + base;
          columns[o] = row[2 * c];
          columns[o + 1] = row[2 * c + 1];
        }
        int o = last * h2 + base;
        columns[o] = row[w - 1];
        columns[o + 1] = row[1];
      }
    }
    if (height > 1) {
      for (int c = 0; c < halfWidth; c++) {
        columnFft.complexForward(columns, c * h2);
      }
    }
  }

  /**
   * The half spectrum, laid out like {@code numpy.fft.rfft2}.
   *
   * @param plane {@code height * width} values, row-major; not modified
   * @param out receives {@code 2 * height * halfWidth()} values: row-major, interleaved re, im
   * @return {@code out}
   * @throws BadArgumentException if an array has the wrong length
   */
  public float[] forward(float[] plane, float[] out) {
    checkOut(out, 2 * height * halfWidth);
    if (powerOfTwo != null) {
      powerOfTwo.transform(checkPlane(plane));
      powerOfTwo.forward(out);
      return out;
    }
    transform(plane);
    final int h2 = stride;
    for (int c = 0; c < halfWidth; c++) {
      int src = c * h2;
      for (int r = 0; r < height; r++) {
        int dst = 2 * (r * halfWidth + c);
        out[dst] = columns[src + 2 * r];
        out[dst + 1] = columns[src + 2 * r + 1];
      }
    }
    return out;
  }

  /**
   * The power {@code |X|^2} of the half spectrum.
   *
   * @param plane {@code height * width} values, row-major; not modified
   * @param out receives {@code height * halfWidth()} values, row-major
   * @return {@code out}
   */
  public float[] halfPower(float[] plane, float[] out) {
    checkOut(out, height * halfWidth);
    if (powerOfTwo != null) {
      powerOfTwo.transform(checkPlane(plane));
      powerOfTwo.halfPower(out);
      return out;
    }
    transform(plane);
    final int h2 = stride;
    for (int c = 0; c < halfWidth; c++) {
      int src = c * h2;
      for (int r = 0; r < height; r++) {
        float re = columns[src + 2 * r];
        float im = columns[src + 2 * r + 1];
        out[r * halfWidth + c] = re * re + im * im;
      }
    }
    return out;
  }

  /**
   * Adds the full (not centred) power spectrum {@code |X|^2} of a plane to a running sum: the inner
   * loop of {@link AverageSpectrum}. The redundant half is filled in from Hermitian symmetry.
   *
   * @param plane {@code height * width} values, row-major; not modified
   * @param sum {@code height * width} running sums, row-major, updated in place
   */
  public void accumulatePower(float[] plane, double[] sum) {
    checkOut(sum.length, height * width);
    if (powerOfTwo != null) {
      powerOfTwo.transform(checkPlane(plane));
      powerOfTwo.accumulatePower(sum);
      return;
    }
    transform(plane);
    final int h2 = stride;
    final int w = width;
    for (int c = 0; c < halfWidth; c++) {
      int src = c * h2;
      int mirrorC = (w - c) % w;
      boolean mirrored = mirrorC >= halfWidth;
      for (int r = 0; r < height; r++) {
        float re = columns[src + 2 * r];
        float im = columns[src + 2 * r + 1];
        double p = re * re + im * im;
        sum[r * w + c] += p;
        if (mirrored) {
          int mirrorR = r == 0 ? 0 : height - r;
          sum[mirrorR * w + mirrorC] += p;
        }
      }
    }
  }

  /**
   * The full (not centred) power spectrum {@code |X|^2}, {@code height x width}.
   *
   * @param plane {@code height * width} values, row-major; not modified
   * @param out receives {@code height * width} values, row-major
   * @return {@code out}
   */
  public float[] fullPower(float[] plane, float[] out) {
    checkOut(out, height * width);
    if (powerOfTwo != null) {
      powerOfTwo.transform(checkPlane(plane));
      powerOfTwo.fullPower(out);
      return out;
    }
    transform(plane);
    final int h2 = stride;
    final int w = width;
    for (int c = 0; c < halfWidth; c++) {
      int src = c * h2;
      int mirrorC = (w - c) % w;
      boolean mirrored = mirrorC >= halfWidth;
      for (int r = 0; r < height; r++) {
        float re = columns[src + 2 * r];
        float im = columns[src + 2 * r + 1];
        float p = re * re + im * im;
        out[r * w + c] = p;
        if (mirrored) {
          int mirrorR = r == 0 ? 0 : height - r;
          out[mirrorR * w + mirrorC] = p;
        }
      }
    }
    return out;
  }

  private float[] checkPlane(float[] plane) {
    Checks.notNull("plane", plane);
    if (plane.length != height * width) {
      throw new BadArgumentException("plane.length", plane.length,
          "height * width = " + height * width);
    }
    return plane;
  }

  private static void checkOut(float[] out, int expected) {
    Checks.notNull("out", out);
    checkOut(out.length, expected);
  }

  private static void checkOut(int length, int expected) {
    if (length != expected) {
      throw new BadArgumentException("out.length", length, String.valueOf(expected));
    }
  }
}
