package org.genimage.degrade;

import java.util.random.RandomGenerator;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/**
 * JPEG compression at a quality 1..100, decoded back to pixels: the result of Pillow's
 * {@code img.save(buf, 'jpeg', quality=q)} followed by {@code Image.open(buf)} (libjpeg-turbo, the
 * default settings Pillow uses: 4:2:0 unless another {@link ChromaSubsampling} is named, baseline,
 * integer DCT, fancy upsampling on decode).
 *
 * <p>Entropy coding is lossless, so the round trip is computed without it: libjpeg's fixed-point
 * RGB to YCbCr conversion ({@code jccolor.c}), edge replication to whole blocks and chroma
 * downsampling with libjpeg's alternating rounding bias ({@code jcsample.c}, {@code jcprepct.c}), the
 * integer forward DCT ({@code jfdctint.c}), quantisation with libjpeg-turbo's reciprocal
 * multiplication ({@code jcdctmgr.c}) by the tables of {@link JpegQuantTables}, dequantisation and the
 * integer inverse DCT with range limiting ({@code jidctint.c}), triangular "fancy" chroma upsampling
 * ({@code jdsample.c}) and fixed-point YCbCr to RGB ({@code jdcolor.c}). The tests compare the decoded
 * pixels with Pillow's round trip (mean absolute difference at most 1.0; in practice identical) and the
 * tables with Pillow's {@code Image.quantization}. This class does not produce a JPEG file.
 *
 * <p>All planes and block workspaces are per-thread scratch buffers; only the output is allocated.
 */
public final class JpegCompression implements ImageTransform {
  private static final int SCALEBITS = 16;
  private static final int ONE_HALF = 1 << (SCALEBITS - 1);

  private static final int F_Y_R = fix(0.29900);
  private static final int F_Y_G = fix(0.58700);
  private static final int F_Y_B = fix(0.11400);
  private static final int F_CB_R = fix(0.16874);
  private static final int F_CB_G = fix(0.33126);
  /** B to Cb and R to Cr share this weight. */
  private static final int F_CB_B = fix(0.5);
  private static final int F_CR_G = fix(0.41869);
  private static final int F_CR_B = fix(0.08131);
  /** Offset 128 plus 0.5 - epsilon rounding, which keeps Cb and Cr within 0..255. */
  private static final int C_BIAS = (128 << SCALEBITS) + ONE_HALF - 1;
  private static final int F_CR_R = fix(1.40200);
  private static final int F_CB_BB = fix(1.77200);
  private static final int F_CR_GD = fix(0.71414);
  private static final int F_CB_GD = fix(0.34414);

  private static int fix(double x) {
    return (int) (x * (1L << SCALEBITS) + 0.5);
  }

  private final int quality;
  private final ChromaSubsampling subsampling;
  private final Divisors luminance;
  private final Divisors chrominance;

  private JpegCompression(int quality, ChromaSubsampling subsampling) {
    this.quality = Checks.inRange("quality", quality, 1, 100);
    this.subsampling = Checks.notNull("subsampling", subsampling);
    this.luminance = new Divisors(JpegQuantTables.luminance(quality));
    this.chrominance = new Divisors(JpegQuantTables.chrominance(quality));
  }

  /**
   * JPEG at a quality with 4:2:0 subsampling, Pillow's default.
   *
   * @param quality 1..100
   * @return the transform
   * @throws org.genimage.api.BadArgumentException if the quality is outside 1..100
   */
  public static JpegCompression of(int quality) {
    return new JpegCompression(quality, ChromaSubsampling.S420);
  }

  /**
   * JPEG at a quality with the given chroma subsampling.
   *
   * @param quality 1..100
   * @param subsampling the chroma subsampling
   * @return the transform
   * @throws org.genimage.api.BadArgumentException if the quality is outside 1..100 or subsampling is
   *     null
   */
  public static JpegCompression of(int quality, ChromaSubsampling subsampling) {
    return new JpegCompression(quality, subsampling);
  }

  /**
   * The quality.
   *
   * @return 1..100
   */
  public int quality() {
    return quality;
  }

  /**
   * The chroma subsampling.
   *
   * @return the subsampling
   */
  public ChromaSubsampling subsampling() {
    return subsampling;
  }

  @Override
  public RgbImage apply(RgbImage image, RandomGenerator random) {
    Checks.notNull("image", image);
    return roundTrip(image, luminance, chrominance, subsampling);
  }

  @Override
  public String description() {
    return "jpeg(quality=" + quality + ", subsampling=" + subsampling.label()
        + ", tables=libjpeg standard, reference=Pillow save/open)";
  }

  @Override
  public String toString() {
    return description();
  }

  /** libjpeg-turbo's {@code compute_reciprocal} for the integer DCT (divisor = q << 3). */
  static final class Divisors {
    final int[] table;
    final int[] recip = new int[64];
    final int[] corr = new int[64];
    final int[] shift = new int[64];

    Divisors(int[] table) {
      this.table = table;
      for (int i = 0; i < 64; i++) {
        int divisor = table[i] << 3;
        int b = 31 - Integer.numberOfLeadingZeros(divisor);
        int r = 16 + b;
        long fq = (1L << r) / divisor;
        long fr = (1L << r) % divisor;
        int c = divisor / 2;
        if (fr == 0) {
          fq >>= 1;
          r--;
        } else if (fr <= divisor / 2) {
          c++;
        } else {
          fq++;
        }
        recip[i] = (int) fq;
        corr[i] = c;
        shift[i] = r;
      }
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  static RgbImage roundTrip(RgbImage image, Divisors lum, Divisors chr, ChromaSubsampling s) {
    final int w = image.width();
    final int h = image.height();
    final int hs = s.horizontalFactor();
    final int vs = s.verticalFactor();
    final int bw = ceilDiv(w, 8) * 8;
    final int bh = ceilDiv(h, 8) * 8;
    final int cw = ceilDiv(w, hs);
    final int ch = ceilDiv(h, vs);
    final int cbw = ceilDiv(cw, 8) * 8;
    final int cbh = ceilDiv(ch, 8) * 8;
    Scratch scratch = Scratch.get();
    byte[] in = scratch.input(image);
    // one or two full-resolution chroma rows, edge-replicated to the downsampler's width; separate
    // row arrays so that the colour conversion loops vectorise
    int padW = Math.max(hs * cbw, w);
    int[][] rows = scratch.intRows(4, 9, 2 * padW);
    int[] rr = rows[0];
    int[] gg = rows[1];
    int[] bb = rows[2];
    int[] yy = rows[3];
    int[] y = scratch.ints(6, bw * bh);
    int[] cb = scratch.ints(7, cbw * cbh);
    int[] cr = scratch.ints(8, cbw * cbh);
    int[] block = scratch.ints(9, 128);

    // colour conversion (jccolor.c) row by row, chroma downsampled (jcsample.c) as soon as its
    // source rows are converted. The tables of jccolor.c are linear (FIX(c) * i), so the sums are
    // computed directly: the same integers.
    for (int j = 0; j < ch; j++) {
      for (int k = 0; k < vs; k++) {
        int row = Math.min(vs * j + k, h - 1); // libjpeg replicates the last row
        int p = 3 * row * w;
        for (int x = 0; x < w; x++, p += 3) {
          rr[x] = in[p] & 0xFF;
          gg[x] = in[p + 1] & 0xFF;
          bb[x] = in[p + 2] & 0xFF;
        }
        int[] rowCb = rows[4 + k];
        int[] rowCr = rows[6 + k];
        for (int x = 0; x < w; x++) {
          int r = rr[x];
          int g = gg[x];
          int b = bb[x];
          yy[x] = (F_Y_R * r + F_Y_G * g + F_Y_B * b + ONE_HALF) >> SCALEBITS;
          rowCb[x] = (F_CB_B * b - F_CB_R * r - F_CB_G * g + C_BIAS) >> SCALEBITS;
          rowCr[x] = (F_CB_B * r - F_CR_G * g - F_CR_B * b + C_BIAS) >> SCALEBITS;
        }
        System.arraycopy(yy, 0, y, row * bw, w);
        for (int x = w; x < padW; x++) {
          rowCb[x] = rowCb[w - 1];
          rowCr[x] = rowCr[w - 1];
        }
      }
      downsampleRow(rows[4], rows[5], cb, j * cbw, cbw, hs, vs);
      downsampleRow(rows[6], rows[7], cr, j * cbw, cbw, hs, vs);
    }
    for (int row = 0; row < h; row++) {
      int yo = row * bw;
      for (int x = w; x < bw; x++) {
        y[yo + x] = y[yo + w - 1];
      }
    }
    for (int row = h; row < bh; row++) {
      System.arraycopy(y, (h - 1) * bw, y, row * bw, bw);
    }
    // libjpeg's expand_bottom_edge of the downsampled data
    for (int j = ch; j < cbh; j++) {
      System.arraycopy(cb, (ch - 1) * cbw, cb, j * cbw, cbw);
      System.arraycopy(cr, (ch - 1) * cbw, cr, j * cbw, cbw);
    }

    // quantisation loss, block by block, in place
    quantiseLoss(y, bw, bh, lum, block);
    quantiseLoss(cb, cbw, cbh, chr, block);
    quantiseLoss(cr, cbw, cbh, chr, block);

    // upsampling (jdsample.c fancy) a row at a time, then colour conversion (jdcolor.c) on row
    // arrays (vectorised), interleaved last
    int[] upCb = rows[4];
    int[] upCr = rows[5];
    int[] colSum = rows[6];
    int[] ro = rows[0];
    int[] go = rows[1];
    int[] bo = rows[2];
    byte[] out = new byte[3 * w * h];
    for (int row = 0; row < h; row++) {
      if (hs == 1) {
        System.arraycopy(cb, row * cbw, upCb, 0, w);
        System.arraycopy(cr, row * cbw, upCr, 0, w);
      } else if (vs == 1) {
        upsampleH2V1(cb, row * cbw, cw, upCb);
        upsampleH2V1(cr, row * cbw, cw, upCr);
      } else {
        int jr = row >> 1;
        int far = (row & 1) == 0 ? Math.max(jr - 1, 0) : Math.min(jr + 1, ch - 1);
        upsampleH2V2(cb, jr * cbw, far * cbw, cw, upCb, colSum);
        upsampleH2V2(cr, jr * cbw, far * cbw, cw, upCr, colSum);
      }
      System.arraycopy(y, row * bw, yy, 0, w);
      // jdcolor.c's tables are (FIX(c) * (i - 128) [+ ONE_HALF]) >> 16: computed directly
      for (int x = 0; x < w; x++) {
        int yv = yy[x];
        int cbv = upCb[x] - 128;
        int crv = upCr[x] - 128;
        ro[x] = Math.min(255, Math.max(0, yv + ((F_CR_R * crv + ONE_HALF) >> SCALEBITS)));
        go[x] = Math.min(255, Math.max(0,
            yv + ((ONE_HALF - F_CB_GD * cbv - F_CR_GD * crv) >> SCALEBITS)));
        bo[x] = Math.min(255, Math.max(0, yv + ((F_CB_BB * cbv + ONE_HALF) >> SCALEBITS)));
      }
      for (int x = 0, o = 3 * row * w; x < w; x++, o += 3) {
        out[o] = (byte) ro[x];
        out[o + 1] = (byte) go[x];
        out[o + 2] = (byte) bo[x];
      }
    }
    return RgbImage.wrap(w, h, out);
  }

  /**
   * One downsampled chroma row from the edge-replicated full rows {@code r0} and {@code r1} (the
   * second used for vertical subsampling only), with libjpeg's alternating rounding bias (0, 1 for
   * h2v1; 1, 2 for h2v2).
   */
  private static void downsampleRow(int[] r0, int[] r1, int[] out, int o, int cbw, int hs, int vs) {
    if (hs == 1) {
      System.arraycopy(r0, 0, out, o, cbw);
    } else if (vs == 1) {
      for (int i = 0; i < cbw; i++) {
        out[o + i] = (r0[2 * i] + r0[2 * i + 1] + (i & 1)) >> 1;
      }
    } else {
      for (int i = 0; i < cbw; i++) {
        int x = 2 * i;
        out[o + i] = (r0[x] + r0[x + 1] + r1[x] + r1[x + 1] + 1 + (i & 1)) >> 2;
      }
    }
  }

  /**
   * jdsample.c's h2v1_fancy_upsample for one row: 3/4 nearer + 1/4 further, biased 1 (even outputs)
   * and 2 (odd); the outermost outputs use the edge sample as their neighbour. Writes 2 * cw values.
   */
  private static void upsampleH2V1(int[] c, int rowStart, int cw, int[] out) {
    int last = cw - 1;
    for (int i = 0; i < cw; i++) {
      int v3 = 3 * c[rowStart + i];
      out[2 * i] = (v3 + c[rowStart + Math.max(i - 1, 0)] + 1) >> 2;
      out[2 * i + 1] = (v3 + c[rowStart + Math.min(i + 1, last)] + 2) >> 2;
    }
  }

  /**
   * jdsample.c's h2v2_fancy_upsample for one output row: column sums 3 * near + far, then the same
   * 3:1 weighting across, biased 8 (even outputs) and 7 (odd). Writes 2 * cw values.
   */
  private static void upsampleH2V2(int[] c, int near, int far, int cw, int[] out, int[] colSum) {
    for (int i = 0; i < cw; i++) {
      colSum[i] = 3 * c[near + i] + c[far + i];
    }
    int last = cw - 1;
    for (int i = 0; i < cw; i++) {
      int thisSum = 3 * colSum[i];
      out[2 * i] = (thisSum + colSum[Math.max(i - 1, 0)] + 8) >> 4;
      out[2 * i + 1] = (thisSum + colSum[Math.min(i + 1, last)] + 7) >> 4;
    }
  }

  private static void quantiseLoss(int[] plane, int stride, int height, Divisors d, int[] block) {
    int[] corr = d.corr;
    int[] recip = d.recip;
    int[] shift = d.shift;
    int[] table = d.table;
    for (int by = 0; by < height; by += 8) {
      for (int bx = 0; bx < stride; bx += 8) {
        int base = by * stride + bx;
        for (int r = 0, src = base; r < 64; r += 8, src += stride) {
          fdctRow(block, r, plane[src] - 128, plane[src + 1] - 128, plane[src + 2] - 128,
              plane[src + 3] - 128, plane[src + 4] - 128, plane[src + 5] - 128, plane[src + 6] - 128,
              plane[src + 7] - 128);
        }
        fdctColumns(block);
        // jcdctmgr.c's quantize: |t| + corr times the reciprocal, shifted; below 2^30, so int is exact
        for (int i = 0; i < 64; i++) {
          int t = block[i];
          int sign = t >> 31;
          int q = ((((t ^ sign) - sign) + corr[i]) * recip[i]) >> shift[i];
          block[i] = ((q ^ sign) - sign) * table[i];
        }
        idct(block, plane, base, stride);
      }
    }
  }

  private static final int CONST_BITS = 13;
  private static final int PASS1_BITS = 2;
  private static final int FIX_0_298631336 = 2446;
  private static final int FIX_0_390180644 = 3196;
  private static final int FIX_0_541196100 = 4433;
  private static final int FIX_0_765366865 = 6270;
  private static final int FIX_0_899976223 = 7373;
  private static final int FIX_1_175875602 = 9633;
  private static final int FIX_1_501321110 = 12299;
  private static final int FIX_1_847759065 = 15137;
  private static final int FIX_1_961570560 = 16069;
  private static final int FIX_2_053119869 = 16819;
  private static final int FIX_2_562915447 = 20995;
  private static final int FIX_3_072711026 = 25172;

  // 32-bit arithmetic, as libjpeg-turbo's SIMD islow DCTs use (no intermediate exceeds 2^31 for
  // 8-bit samples)
  private static int descale(int x, int n) {
    return (x + (1 << (n - 1))) >> n;
  }

  /** The row pass of jfdctint.c's jpeg_fdct_islow (output scaled up by 8) on eight level-shifted samples, written to {@code d[p..p+7]}. */
  private static void fdctRow(int[] d, int p, int d0, int d1, int d2, int d3, int d4, int d5, int d6,
      int d7) {
    int tmp0 = d0 + d7;
    int tmp7 = d0 - d7;
    int tmp1 = d1 + d6;
    int tmp6 = d1 - d6;
    int tmp2 = d2 + d5;
    int tmp5 = d2 - d5;
    int tmp3 = d3 + d4;
    int tmp4 = d3 - d4;
    int tmp10 = tmp0 + tmp3;
    int tmp13 = tmp0 - tmp3;
    int tmp11 = tmp1 + tmp2;
    int tmp12 = tmp1 - tmp2;
    final int sh = CONST_BITS - PASS1_BITS;
    d[p] = (tmp10 + tmp11) << PASS1_BITS;
    d[p + 4] = (tmp10 - tmp11) << PASS1_BITS;
    int z1 = (tmp12 + tmp13) * FIX_0_541196100;
    d[p + 2] = descale(z1 + tmp13 * FIX_0_765366865, sh);
    d[p + 6] = descale(z1 - tmp12 * FIX_1_847759065, sh);
    z1 = tmp4 + tmp7;
    int z2 = tmp5 + tmp6;
    int z3 = tmp4 + tmp6;
    int z4 = tmp5 + tmp7;
    int z5 = (z3 + z4) * FIX_1_175875602;
    tmp4 *= FIX_0_298631336;
    tmp5 *= FIX_2_053119869;
    tmp6 *= FIX_3_072711026;
    tmp7 *= FIX_1_501321110;
    z1 *= -FIX_0_899976223;
    z2 *= -FIX_2_562915447;
    z3 = z3 * -FIX_1_961570560 + z5;
    z4 = z4 * -FIX_0_390180644 + z5;
    d[p + 7] = descale(tmp4 + z1 + z3, sh);
    d[p + 5] = descale(tmp5 + z2 + z4, sh);
    d[p + 3] = descale(tmp6 + z2 + z3, sh);
    d[p + 1] = descale(tmp7 + z1 + z4, sh);
  }

  /** The column pass of jpeg_fdct_islow, in place. */
  private static void fdctColumns(int[] d) {
    final int sh = CONST_BITS + PASS1_BITS;
    for (int p = 0; p < 8; p++) {
      int tmp0 = d[p] + d[p + 56];
      int tmp7 = d[p] - d[p + 56];
      int tmp1 = d[p + 8] + d[p + 48];
      int tmp6 = d[p + 8] - d[p + 48];
      int tmp2 = d[p + 16] + d[p + 40];
      int tmp5 = d[p + 16] - d[p + 40];
      int tmp3 = d[p + 24] + d[p + 32];
      int tmp4 = d[p + 24] - d[p + 32];
      int tmp10 = tmp0 + tmp3;
      int tmp13 = tmp0 - tmp3;
      int tmp11 = tmp1 + tmp2;
      int tmp12 = tmp1 - tmp2;
      d[p] = descale(tmp10 + tmp11, PASS1_BITS);
      d[p + 32] = descale(tmp10 - tmp11, PASS1_BITS);
      int z1 = (tmp12 + tmp13) * FIX_0_541196100;
      d[p + 16] = descale(z1 + tmp13 * FIX_0_765366865, sh);
      d[p + 48] = descale(z1 - tmp12 * FIX_1_847759065, sh);
      z1 = tmp4 + tmp7;
      int z2 = tmp5 + tmp6;
      int z3 = tmp4 + tmp6;
      int z4 = tmp5 + tmp7;
      int z5 = (z3 + z4) * FIX_1_175875602;
      tmp4 *= FIX_0_298631336;
      tmp5 *= FIX_2_053119869;
      tmp6 *= FIX_3_072711026;
      tmp7 *= FIX_1_501321110;
      z1 *= -FIX_0_899976223;
      z2 *= -FIX_2_562915447;
      z3 = z3 * -FIX_1_961570560 + z5;
      z4 = z4 * -FIX_0_390180644 + z5;
      d[p + 56] = descale(tmp4 + z1 + z3, sh);
      d[p + 40] = descale(tmp5 + z2 + z4, sh);
      d[p + 24] = descale(tmp6 + z2 + z3, sh);
      d[p + 8] = descale(tmp7 + z1 + z4, sh);
    }
  }

  /**
   * jidctint.c's jpeg_idct_islow on dequantised coefficients {@code d[0..63]}, range-limited into the
   * plane; {@code d[64..127]} is the workspace. libjpeg's shortcuts for all-zero AC columns and rows
   * give exactly the full computation's values, so they are taken here too.
   */
  static void idct(int[] d, int[] plane, int base, int stride) {
    // pass 1: columns, results scaled by 2^PASS1_BITS
    final int sh1 = CONST_BITS - PASS1_BITS;
    for (int c = 0; c < 8; c++) {
      int ws = 64 + c;
      if ((d[c + 8] | d[c + 16] | d[c + 24] | d[c + 32] | d[c + 40] | d[c + 48] | d[c + 56]) == 0) {
        int dc = d[c] << PASS1_BITS;
        for (int k = 0; k < 64; k += 8) {
          d[ws + k] = dc;
        }
        continue;
      }
      int z2 = d[c + 16];
      int z3 = d[c + 48];
      int z1 = (z2 + z3) * FIX_0_541196100;
      int tmp2 = z1 - z3 * FIX_1_847759065;
      int tmp3 = z1 + z2 * FIX_0_765366865;
      z2 = d[c];
      z3 = d[c + 32];
      int tmp0 = (z2 + z3) << CONST_BITS;
      int tmp1 = (z2 - z3) << CONST_BITS;
      int tmp10 = tmp0 + tmp3;
      int tmp13 = tmp0 - tmp3;
      int tmp11 = tmp1 + tmp2;
      int tmp12 = tmp1 - tmp2;
      tmp0 = d[c + 56];
      tmp1 = d[c + 40];
      tmp2 = d[c + 24];
      tmp3 = d[c + 8];
      z1 = tmp0 + tmp3;
      z2 = tmp1 + tmp2;
      z3 = tmp0 + tmp2;
      int z4 = tmp1 + tmp3;
      int z5 = (z3 + z4) * FIX_1_175875602;
      tmp0 *= FIX_0_298631336;
      tmp1 *= FIX_2_053119869;
      tmp2 *= FIX_3_072711026;
      tmp3 *= FIX_1_501321110;
      z1 *= -FIX_0_899976223;
      z2 *= -FIX_2_562915447;
      z3 = z3 * -FIX_1_961570560 + z5;
      z4 = z4 * -FIX_0_390180644 + z5;
      tmp0 += z1 + z3;
      tmp1 += z2 + z4;
      tmp2 += z2 + z3;
      tmp3 += z1 + z4;
      d[ws] = descale(tmp10 + tmp3, sh1);
      d[ws + 56] = descale(tmp10 - tmp3, sh1);
      d[ws + 8] = descale(tmp11 + tmp2, sh1);
      d[ws + 48] = descale(tmp11 - tmp2, sh1);
      d[ws + 16] = descale(tmp12 + tmp1, sh1);
      d[ws + 40] = descale(tmp12 - tmp1, sh1);
      d[ws + 24] = descale(tmp13 + tmp0, sh1);
      d[ws + 32] = descale(tmp13 - tmp0, sh1);
    }
    // pass 2: rows, descaled by 8 and 2^PASS1_BITS, then level-shifted and range-limited
    final int sh2 = CONST_BITS + PASS1_BITS + 3;
    for (int r = 0; r < 8; r++) {
      int w = 64 + 8 * r;
      int o = base + r * stride;
      if ((d[w + 1] | d[w + 2] | d[w + 3] | d[w + 4] | d[w + 5] | d[w + 6] | d[w + 7]) == 0) {
        int v = rangeLimit(descale(d[w], PASS1_BITS + 3));
        for (int k = 0; k < 8; k++) {
          plane[o + k] = v;
        }
        continue;
      }
      int z2 = d[w + 2];
      int z3 = d[w + 6];
      int z1 = (z2 + z3) * FIX_0_541196100;
      int tmp2 = z1 - z3 * FIX_1_847759065;
      int tmp3 = z1 + z2 * FIX_0_765366865;
      z2 = d[w];
      z3 = d[w + 4];
      int tmp0 = (z2 + z3) << CONST_BITS;
      int tmp1 = (z2 - z3) << CONST_BITS;
      int tmp10 = tmp0 + tmp3;
      int tmp13 = tmp0 - tmp3;
      int tmp11 = tmp1 + tmp2;
      int tmp12 = tmp1 - tmp2;
      tmp0 = d[w + 7];
      tmp1 = d[w + 5];
      tmp2 = d[w + 3];
      tmp3 = d[w + 1];
      z1 = tmp0 + tmp3;
      z2 = tmp1 + tmp2;
      z3 = tmp0 + tmp2;
      int z4 = tmp1 + tmp3;
      int z5 = (z3 + z4) * FIX_1_175875602;
      tmp0 *= FIX_0_298631336;
      tmp1 *= FIX_2_053119869;
      tmp2 *= FIX_3_072711026;
      tmp3 *= FIX_1_501321110;
      z1 *= -FIX_0_899976223;
      z2 *= -FIX_2_562915447;
      z3 = z3 * -FIX_1_961570560 + z5;
      z4 = z4 * -FIX_0_390180644 + z5;
      tmp0 += z1 + z3;
      tmp1 += z2 + z4;
      tmp2 += z2 + z3;
      tmp3 += z1 + z4;
      plane[o] = rangeLimit(descale(tmp10 + tmp3, sh2));
      plane[o + 7] = rangeLimit(descale(tmp10 - tmp3, sh2));
      plane[o + 1] = rangeLimit(descale(tmp11 + tmp2, sh2));
      plane[o + 6] = rangeLimit(descale(tmp11 - tmp2, sh2));
      plane[o + 2] = rangeLimit(descale(tmp12 + tmp1, sh2));
      plane[o + 5] = rangeLimit(descale(tmp12 - tmp1, sh2));
      plane[o + 3] = rangeLimit(descale(tmp13 + tmp0, sh2));
      plane[o + 4] = rangeLimit(descale(tmp13 - tmp0, sh2));
    }
  }

  /**
   * libjpeg's post-IDCT range limit: the table indexed by {@code v & 1023}, centred on 128 (0..127
   * map to 128..255, up to 511 saturate at 255, 512..895 at 0, 896..1023 map to 0..127), written as
   * a sign extension of the low 10 bits and a clamp.
   */
  static int rangeLimit(int v) {
    return Math.min(255, Math.max(0, (((v + 512) & 1023) - 512) + 128));
  }
}
