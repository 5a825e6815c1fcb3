package org.genimage.spectral;

/**
 * The power-of-two path of {@link RealFft2d}: a real 2D FFT whose butterflies run on whole rows.
 *
 * <p>Why this shape: HotSpot's C2 auto-vectorises a loop only when every array access uses the same
 * index expression (accesses {@code a[p + j]} and {@code a[q + j]} of one array with different
 * invariants {@code p, q} count as possibly overlapping and block it). So the data are kept as arrays
 * of rows ({@code float[][]}, real and imaginary parts split) and every butterfly is a loop
 * {@code for j: a[j], b[j]} over two row arrays: SIMD over up to 16 floats on AVX-512, no strided
 * access, and bit reversal is a permutation of row references folded into the copies.
 *
 * <ol>
 *   <li>Axis 0, real input: rows {@code 2n} and {@code 2n + 1} become the real and imaginary parts of
 *       one complex row (two real FFTs for one complex FFT), a complex FFT of length {@code H / 2}
 *       across rows, then the split step gives the {@code H / 2 + 1} non-redundant frequencies of
 *       every column.
 *   <li>A cache-blocked transpose to {@code W} rows of {@code H / 2 + 1} values, and a complex FFT of
 *       length {@code W} across those rows (axis 1).
 *   <li>The outputs read the transposed result in blocks; frequencies {@code k0 > H / 2} follow from
 *       Hermitian symmetry, {@code X[k0][k1] = conj(X[H - k0][(W - k1) % W])}.
 * </ol>
 *
 * <p>Not thread-safe: an instance owns its scratch (about two planes of floats).
 */
final class RowVectorFft2d {
  /** Columns per block in the butterflies: keeps one block of all rows in L2 and loops long. */
  private static final int COLUMN_BLOCK = 128;
  /** Side of the square tiles of the first transpose (measured: 32 beat 8, 16 and 64). */
  private static final int TILE = 32;
  /** Columns per tile of the output loops. */
  private static final int OUT_TILE = 64;

  private final int height;
  private final int width;
  private final int halfHeight;
  private final int halfWidth;
  /** Complex rows of the axis-0 pass, {@code halfHeight + 1} of {@code width}: the last is extra. */
  final float[][] yr;
  final float[][] yi;
  /** Transposed rows of the axis-1 pass: {@code width} of {@code halfHeight + 1}. */
  final float[][] tr;
  final float[][] ti;
  /** {@code tr}, {@code ti} in bit-reversed order: the transpose's destinations. */
  private final float[][] trRev;
  private final float[][] tiRev;
  /** One tile row of powers, so that the store or the double accumulation is a plain loop. */
  private final float[] powerRow = new float[OUT_TILE];
  private final float[] powerRow1 = new float[OUT_TILE];
  private final float[] powerRow2 = new float[OUT_TILE];
  private final float[] powerRow3 = new float[OUT_TILE];
  private final int[] revHalfHeight;
  private final int[] revWidth;
  /** {@code exp(-2 pi i q / halfHeight)}, {@code q < halfHeight / 2}. */
  final float[] cosH;
  final float[] sinH;
  /** {@code exp(-2 pi i q / width)}, {@code q < width / 2}. */
  final float[] cosW;
  final float[] sinW;
  /** {@code exp(-2 pi i k / height)}, {@code k <= halfHeight / 2}: the split step's twiddles. */
  private final float[] cosSplit;
  private final float[] sinSplit;

  /**
   * Whether this path handles a size.
   *
   * @param height rows
   * @param width columns
   * @return true for powers of two with both sides at least 2
   */
  static boolean supports(int height, int width) {
    return height >= 2 && width >= 2 && Integer.bitCount(height) == 1
        && Integer.bitCount(width) == 1;
  }

  RowVectorFft2d(int height, int width) {
    this.height = height;
    this.width = width;
    this.halfHeight = height / 2;
    this.halfWidth = width / 2 + 1;
    int rows = halfHeight + 1;
    yr = new float[rows][width];
    yi = new float[rows][width];
    tr = new float[width][rows];
    ti = new float[width][rows];
    revHalfHeight = bitReversal(halfHeight);
    revWidth = bitReversal(width);
    trRev = new float[width][];
    tiRev = new float[width][];
    for (int k1 = 0; k1 < width; k1++) {
      trRev[k1] = tr[revWidth[k1]];
      tiRev[k1] = ti[revWidth[k1]];
    }
    cosH = new float[Math.max(1, halfHeight / 2)];
    sinH = new float[cosH.length];
    twiddles(halfHeight, cosH, sinH);
    cosW = new float[Math.max(1, width / 2)];
    sinW = new float[cosW.length];
    twiddles(width, cosW, sinW);
    cosSplit = new float[halfHeight / 2 + 1];
    sinSplit = new float[cosSplit.length];
    twiddles(height, cosSplit, sinSplit);
  }

  private static int[] bitReversal(int n) {
    int[] rev = new int[n];
    int bits = Integer.numberOfTrailingZeros(n);
    for (int i = 0; i < n; i++) {
      rev[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
    }
    return rev;
  }

  /** Fills {@code exp(-2 pi i q / n)}; twiddles in double, rounded once, keep errors at float eps. */
  private static void twiddles(int n, float[] cos, float[] sin) {
    for (int q = 0; q < cos.length; q++) {
      double angle = -2 * Math.PI * q / n;
      cos[q] = (float) Math.cos(angle);
      sin[q] = (float) Math.sin(angle);
    }
  }

  /** Runs both passes; the result is in {@link #tr}, {@link #ti}: {@code X[k0][k1] = t[k1][k0]}. */
  void transform(float[] plane) {
    final int w = width;
    final int hh = halfHeight;
    // Axis 0: even rows are the real part, odd rows the imaginary part, bit-reversed on the way in.
    for (int n = 0; n < hh; n++) {
      int src = 2 * revHalfHeight[n] * w;
      System.arraycopy(plane, src, yr[n], 0, w);
      System.arraycopy(plane, src + w, yi[n], 0, w);
    }
    fftRows(yr, yi, hh, w, cosH, sinH);
    splitRealColumns();
    transposeInto();
    fftRows(tr, ti, w, hh + 1, cosW, sinW);
  }

  /**
   * A complex FFT of length {@code n} (a power of two) across rows {@code re[0..n)}, input in
   * bit-reversed order, output natural; every row holds {@code len} independent transforms.
   */
  static void fftRows(float[][] re, float[][] im, int n, int len, float[] cos,
      float[] sin) {
    // Even blocks of about COLUMN_BLOCK: a short remainder block would run every butterfly for a
    // handful of columns.
    int blocks = Math.max(1, len / COLUMN_BLOCK);
    int block = (len + blocks - 1) / blocks;
    for (int j0 = 0; j0 < len; j0 += block) {
      int j1 = Math.min(len, j0 + block);
      // Radix-4 stages where possible: half the passes over the block of radix 2.
      int span = 1;
      if ((Integer.numberOfTrailingZeros(n) & 1) == 1) {
        for (int g = 0; g < n; g += 2) {
          butterflyUnit(re[g], im[g], re[g + 1], im[g + 1], j0, j1);
        }
        span = 2;
      }
      for (; span < n; span *= 4) {
        int step = n / (4 * span);
        for (int g = 0; g < n; g += 4 * span) {
          for (int m = 0; m < span; m++) {
            int q = m * step;
            float w1r = cos[q];
            float w1i = sin[q];
            float w2r = cos[2 * q];
            float w2i = sin[2 * q];
            int a = g + m;
            float[] ar = re[a];
            float[] ai = im[a];
            float[] br = re[a + span];
            float[] bi = im[a + span];
            float[] cr = re[a + 2 * span];
            float[] ci = im[a + 2 * span];
            float[] dr = re[a + 3 * span];
            float[] di = im[a + 3 * span];
            // Two radix-2 stages on four rows while they sit in L1: (a, b), (c, d) at w2 = w1^2,
            // then (a, c) at w1 and (b, d) at -i w1. Separate small loops because C2 vectorises
            // only loop bodies small enough to unroll (LoopUnrollLimit); a fused radix-4 body is not.
            butterfly(ar, ai, br, bi, w2r, w2i, j0, j1);
            butterfly(cr, ci, dr, di, w2r, w2i, j0, j1);
            butterfly(ar, ai, cr, ci, w1r, w1i, j0, j1);
            butterfly(br, bi, dr, di, w1i, -w1r, j0, j1);
          }
        }
      }
    }
  }

  /** {@code (a, b) = (a + w b, a - w b)} on columns {@code [j0, j1)}. */
  private static void butterfly(float[] ar, float[] ai, float[] br, float[] bi, float wr,
      float wi, int j0, int j1) {
    for (int j = j0; j < j1; j++) {
      float xr = br[j];
      float xi = bi[j];
      float tr = wr * xr - wi * xi;
      float ti = wr * xi + wi * xr;
      float pr = ar[j];
      float pi = ai[j];
      ar[j] = pr + tr;
      ai[j] = pi + ti;
      br[j] = pr - tr;
      bi[j] = pi - ti;
    }
  }

  private static void butterflyUnit(float[] ar, float[] ai, float[] br, float[] bi, int j0,
      int j1) {
    for (int j = j0; j < j1; j++) {
      float pr = ar[j];
      float pi = ai[j];
      float xr = br[j];
      float xi = bi[j];
      ar[j] = pr + xr;
      ai[j] = pi + xi;
      br[j] = pr - xr;
      bi[j] = pi - xi;
    }
  }

  /**
   * The split step of the two-for-one real FFT along axis 0: from {@code Z[n]} (length
   * {@code H / 2}) to the column spectra {@code Y[k]}, {@code k = 0 .. H / 2}, in place in
   * {@link #yr}, {@link #yi} (row {@code H / 2} is the extra one).
   */
  void splitRealColumns() {
    final int hh = halfHeight;
    final int w = width;
    // k = 0 and k = H / 2 both come from Z[0]: Y[0] = re + im, Y[H/2] = re - im, both real.
    float[] z0r = yr[0];
    float[] z0i = yi[0];
    float[] lastR = yr[hh];
    float[] lastI = yi[hh];
    for (int j = 0; j < w; j++) {
      float re = z0r[j];
      float im = z0i[j];
      z0r[j] = re + im;
      lastR[j] = re - im;
      z0i[j] = 0f;
      lastI[j] = 0f;
    }
    for (int k = 1; 2 * k <= hh; k++) {
      int m = hh - k;
      float wr = cosSplit[k];
      float wi = sinSplit[k];
      float[] ar = yr[k];
      float[] ai = yi[k];
      float[] br = yr[m];
      float[] bi = yi[m];
      if (m == k) {
        // Self-paired middle row, a = b: E = re(a), O = im(a), both real; Y[k] = E + w O.
        for (int j = 0; j < w; j++) {
          float er = ar[j];
          float or = ai[j];
          ar[j] = er + wr * or;
          ai[j] = wi * or;
        }
        continue;
      }
      for (int j = 0; j < w; j++) {
        float xr = ar[j];
        float xi = ai[j];
        float zr = br[j];
        float zi = bi[j];
        // E = (a + conj b) / 2, O = (a - conj b) / (2i); Y[k] = E + w O, Y[m] = conj(E - w O).
        float er = 0.5f * (xr + zr);
        float ei = 0.5f * (xi - zi);
        float or = 0.5f * (xi + zi);
        float oi = 0.5f * (zr - xr);
        float sr = wr * or - wi * oi;
        float si = wr * oi + wi * or;
        ar[j] = er + sr;
        ai[j] = ei + si;
        br[j] = er - sr;
        bi[j] = si - ei;
      }
    }
  }

  /** {@code t[rev(k1)][k0] = y[k0][k1]}, in square tiles so both sides stay in cache. */
  void transposeInto() {
    final int rows = halfHeight + 1;
    final int w = width;
    for (int k0b = 0; k0b < rows; k0b += TILE) {
      int k0e = Math.min(rows, k0b + TILE);
      for (int k1b = 0; k1b < w; k1b += TILE) {
        int k1e = Math.min(w, k1b + TILE);
        int k0 = k0b;
        // Four source rows per pass: one destination row reference per four elements.
        for (; k0 + 3 < k0e; k0 += 4) {
          float[] s0 = yr[k0];
          float[] s1 = yr[k0 + 1];
          float[] s2 = yr[k0 + 2];
          float[] s3 = yr[k0 + 3];
          for (int k1 = k1b; k1 < k1e; k1++) {
            float[] d = trRev[k1];
            d[k0] = s0[k1];
            d[k0 + 1] = s1[k1];
            d[k0 + 2] = s2[k1];
            d[k0 + 3] = s3[k1];
          }
          s0 = yi[k0];
          s1 = yi[k0 + 1];
          s2 = yi[k0 + 2];
          s3 = yi[k0 + 3];
          for (int k1 = k1b; k1 < k1e; k1++) {
            float[] d = tiRev[k1];
            d[k0] = s0[k1];
            d[k0 + 1] = s1[k1];
            d[k0 + 2] = s2[k1];
            d[k0 + 3] = s3[k1];
          }
        }
        for (; k0 < k0e; k0++) {
          float[] sr = yr[k0];
          float[] si = yi[k0];
          for (int k1 = k1b; k1 < k1e; k1++) {
            trRev[k1][k0] = sr[k1];
            tiRev[k1][k0] = si[k1];
          }
        }
      }
    }
  }

  /** Writes the half spectrum in {@code numpy.fft.rfft2} layout (interleaved re, im). */
  void forward(float[] out) {
    final int hw = halfWidth;
    final int hh = halfHeight;
    final int w = width;
    final int h = height;
    // Column tiles so the rows of t read in the inner loop stay in L1 while k0 walks down.
    for (int k1b = 0; k1b < hw; k1b += OUT_TILE) {
      int k1e = Math.min(hw, k1b + OUT_TILE);
      int k0 = 0;
      // Four output rows per pass: one source row reference per four values.
      for (; k0 + 3 <= hh; k0 += 4) {
        int o = 2 * (k0 * hw + k1b);
        int rowStep = 2 * hw;
        for (int k1 = k1b; k1 < k1e; k1++, o += 2) {
          float[] sr = tr[k1];
          float[] si = ti[k1];
          out[o] = sr[k0];
          out[o + 1] = si[k0];
          out[o + rowStep] = sr[k0 + 1];
          out[o + rowStep + 1] = si[k0 + 1];
          out[o + 2 * rowStep] = sr[k0 + 2];
          out[o + 2 * rowStep + 1] = si[k0 + 2];
          out[o + 3 * rowStep] = sr[k0 + 3];
          out[o + 3 * rowStep + 1] = si[k0 + 3];
        }
      }
      for (; k0 <= hh; k0++) {
        int o = 2 * (k0 * hw + k1b);
        for (int k1 = k1b; k1 < k1e; k1++, o += 2) {
          out[o] = tr[k1][k0];
          out[o + 1] = ti[k1][k0];
        }
      }
      for (k0 = hh + 1; k0 < h; k0++) {
        int o = 2 * (k0 * hw + k1b);
        int src = h - k0;
        for (int k1 = k1b; k1 < k1e; k1++, o += 2) {
          int m = (w - k1) & (w - 1);
          out[o] = tr[m][src];
          out[o + 1] = -ti[m][src];
        }
      }
    }
  }

  /** Writes {@code |X|^2} of the half spectrum, {@code height x halfWidth}. */
  void halfPower(float[] out) {
    power(out, null, halfWidth);
  }

  /** Writes the full power spectrum, {@code height x width}. */
  void fullPower(float[] out) {
    power(out, null, width);
  }

  /** Adds the full power spectrum to {@code sum}, {@code height x width}. */
  void accumulatePower(double[] sum) {
    power(null, sum, width);
  }

  /**
   * {@code |X[k0][k1]|^2} for {@code k1 < cols}, row-major with {@code cols} columns: stored into
   * {@code out}, or added to {@code sum} when {@code out} is null.
   */
  private void power(float[] out, double[] sum, int cols) {
    final int hh = halfHeight;
    final int w = width;
    final int h = height;
    final float[] row = powerRow;
    final float[] row1 = powerRow1;
    final float[] row2 = powerRow2;
    final float[] row3 = powerRow3;
    for (int k1b = 0; k1b < cols; k1b += OUT_TILE) {
      int k1e = Math.min(cols, k1b + OUT_TILE);
      int n = k1e - k1b;
      int k0 = 0;
      // Four rows per pass, as in forward.
      for (; k0 + 3 <= hh; k0 += 4) {
        for (int k1 = k1b; k1 < k1e; k1++) {
          float[] sr = tr[k1];
          float[] si = ti[k1];
          int i = k1 - k1b;
          row[i] = sr[k0] * sr[k0] + si[k0] * si[k0];
          row1[i] = sr[k0 + 1] * sr[k0 + 1] + si[k0 + 1] * si[k0 + 1];
          row2[i] = sr[k0 + 2] * sr[k0 + 2] + si[k0 + 2] * si[k0 + 2];
          row3[i] = sr[k0 + 3] * sr[k0 + 3] + si[k0 + 3] * si[k0 + 3];
        }
        storePowerRow(row, out, sum, k0 * cols + k1b, n);
        storePowerRow(row1, out, sum, (k0 + 1) * cols + k1b, n);
        storePowerRow(row2, out, sum, (k0 + 2) * cols + k1b, n);
        storePowerRow(row3, out, sum, (k0 + 3) * cols + k1b, n);
      }
      for (; k0 < h; k0++) {
        if (k0 <= hh) {
          for (int k1 = k1b; k1 < k1e; k1++) {
            float re = tr[k1][k0];
            float im = ti[k1][k0];
            row[k1 - k1b] = re * re + im * im;
          }
        } else {
          int src = h - k0;
          for (int k1 = k1b; k1 < k1e; k1++) {
            int m = (w - k1) & (w - 1);
            float re = tr[m][src];
            float im = ti[m][src];
            row[k1 - k1b] = re * re + im * im;
          }
        }
        storePowerRow(row, out, sum, k0 * cols + k1b, n);
      }
    }
  }

  private static void storePowerRow(float[] row, float[] out, double[] sum, int o, int n) {
    if (out != null) {
      System.arraycopy(row, 0, out, o, n);
    } else {
      for (int i = 0; i < n; i++) {
        sum[o + i] += row[i];
      }
    }
  }
}
