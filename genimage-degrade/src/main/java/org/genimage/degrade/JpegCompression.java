package org.genimage.degrade;

import java.util.random.RandomGenerator;
import org.genimage.api.Checks;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;

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

  private static final int[] Y_R = new int[256];
  private static final int[] Y_G = new int[256];
  private static final int[] Y_B = new int[256];
  private static final int[] CB_R = new int[256];
  private static final int[] CB_G = new int[256];
  private static final int[] CB_B = new int[256];
  private static final int[] CR_G = new int[256];
  private static final int[] CR_B = new int[256];
  private static final int[] CR_TO_R = new int[256];
  private static final int[] CB_TO_B = new int[256];
  private static final int[] CR_TO_G = new int[256];
  private static final int[] CB_TO_G = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      Y_R[i] = fix(0.29900) * i;
      Y_G[i] = fix(0.58700) * i;
      Y_B[i] = fix(0.11400) * i + ONE_HALF;
      CB_R[i] = -fix(0.16874) * i;
      CB_G[i] = -fix(0.33126) * i;
      // B=>Cb and R=>Cr share this table; 0.5 - epsilon rounding keeps the result within 0..255
      CB_B[i] = fix(0.5) * i + (128 << SCALEBITS) + ONE_HALF - 1;
      CR_G[i] = -fix(0.41869) * i;
      CR_B[i] = -fix(0.08131) * i;
      int x = i - 128;
      CR_TO_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALEBITS;
      CB_TO_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALEBITS;
      CR_TO_G[i] = -fix(0.71414) * x;
      CB_TO_G[i] = -fix(0.34414) * x + ONE_HALF;
    }
  }

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
    int n = w * h;
    int[] fullCb = scratch.ints(4, n);
    int[] fullCr = scratch.ints(5, n);
    int[] y = scratch.ints(6, bw * bh);
    int[] cb = scratch.ints(7, cbw * cbh);
    int[] cr = scratch.ints(8, cbw * cbh);
    int[] block = scratch.ints(9, 128);

    // colour conversion (jccolor.c), Y written straight into the block-padded plane
    for (int row = 0; row < h; row++) {
      int p = 3 * row * w;
      int q = row * w;
      int yo = row * bw;
      for (int x = 0; x < w; x++, p += 3) {
        int r = in[p] & 0xFF;
        int g = in[p + 1] & 0xFF;
        int b = in[p + 2] & 0xFF;
        y[yo + x] = (Y_R[r] + Y_G[g] + Y_B[b]) >> SCALEBITS;
        fullCb[q + x] = (CB_R[r] + CB_G[g] + CB_B[b]) >> SCALEBITS;
        fullCr[q + x] = (CB_B[r] + CR_G[g] + CR_B[b]) >> SCALEBITS;
      }
      for (int x = w; x < bw; x++) {
        y[yo + x] = y[yo + w - 1];
      }
    }
    for (int row = h; row < bh; row++) {
      System.arraycopy(y, (h - 1) * bw, y, row * bw, bw);
    }
    downsample(fullCb, w, h, cb, ch, cbw, cbh, hs, vs);
    downsample(fullCr, w, h, cr, ch, cbw, cbh, hs, vs);

    // quantisation loss, block by block, in place
    quantiseLoss(y, bw, bh, lum, block);
    quantiseLoss(cb, cbw, cbh, chr, block);
    quantiseLoss(cr, cbw, cbh, chr, block);

    // upsampling (jdsample.c fancy) and colour conversion (jdcolor.c)
    byte[] out = new byte[3 * n];
    for (int row = 0; row < h; row++) {
      int o = 3 * row * w;
      int yo = row * bw;
      for (int x = 0; x < w; x++, o += 3) {
        int cbv;
        int crv;
        if (hs == 1) {
          int i = row * cbw + x;
          cbv = cb[i];
          crv = cr[i];
        } else if (vs == 1) {
          cbv = upsampleH2V1(cb, row * cbw, x, cw);
          crv = upsampleH2V1(cr, row * cbw, x, cw);
        } else {
          cbv = upsampleH2V2(cb, cbw, x, row, cw, ch);
          crv = upsampleH2V2(cr, cbw, x, row, cw, ch);
        }
        int yv = y[yo + x];
        out[o] = clamp(yv + CR_TO_R[crv]);
        out[o + 1] = clamp(yv + ((CB_TO_G[cbv] + CR_TO_G[crv]) >> SCALEBITS));
        out[o + 2] = clamp(yv + CB_TO_B[cbv]);
      }
    }
    return RgbImage.wrap(w, h, out);
  }

  private static byte clamp(int v) {
    return (byte) (v < 0 ? 0 : (v > 255 ? 255 : v));
  }

  /**
   * Chroma downsampling into a block-padded plane: source coordinates clamp to the image (libjpeg
   * replicates the last column and row before downsampling), rows below the last real chroma row copy
   * it (libjpeg's expand_bottom_edge of the downsampled data).
   */
  private static void downsample(int[] full, int w, int h, int[] out, int ch, int cbw, int cbh,
      int hs, int vs) {
    for (int j = 0; j < ch; j++) {
      int o = j * cbw;
      if (hs == 1) {
        int src = Math.min(j, h - 1) * w;
        for (int i = 0; i < cbw; i++) {
          out[o + i] = full[src + Math.min(i, w - 1)];
        }
      } else if (vs == 1) {
        int src = j * w;
        for (int i = 0; i < cbw; i++) {
          int x0 = Math.min(2 * i, w - 1);
          int x1 = Math.min(2 * i + 1, w - 1);
          out[o + i] = (full[src + x0] + full[src + x1] + (i & 1)) >> 1;
        }
      } else {
        int r0 = Math.min(2 * j, h - 1) * w;
        int r1 = Math.min(2 * j + 1, h - 1) * w;
        for (int i = 0; i < cbw; i++) {
          int x0 = Math.min(2 * i, w - 1);
          int x1 = Math.min(2 * i + 1, w - 1);
          int bias = (i & 1) == 0 ? 1 : 2;
          out[o + i] = (full[r0 + x0] + full[r0 + x1] + full[r1 + x0] + full[r1 + x1] + bias) >> 2;
        }
      }
    }
    for (int j = ch; j < cbh; j++) {
      System.arraycopy(out, (ch - 1) * cbw, out, j * cbw, cbw);
    }
  }

  private static int upsampleH2V1(int[] c, int rowStart, int x, int cw) {
    int i = x >> 1;
    int v3 = 3 * c[rowStart + i];
    if ((x & 1) == 0) {
      return (v3 + c[rowStart + Math.max(i - 1, 0)] + 1) >> 2;
    }
    return (v3 + c[rowStart + Math.min(i + 1, cw - 1)] + 2) >> 2;
  }

  private static int upsampleH2V2(int[] c, int cbw, int x, int y, int cw, int ch) {
    int j = y >> 1;
    int far = (y & 1) == 0 ? Math.max(j - 1, 0) : Math.min(j + 1, ch - 1);
    int near = j * cbw;
    int farRow = far * cbw;
    int i = x >> 1;
    int thisSum = 3 * c[near + i] + c[farRow + i];
    if ((x & 1) == 0) {
      int k = Math.max(i - 1, 0);
      return (thisSum * 3 + 3 * c[near + k] + c[farRow + k] + 8) >> 4;
    }
    int k = Math.min(i + 1, cw - 1);
    return (thisSum * 3 + 3 * c[near + k] + c[farRow + k] + 7) >> 4;
  }

  private static void quantiseLoss(int[] plane, int stride, int height, Divisors d, int[] block) {
    for (int by = 0; by < height; by += 8) {
      for (int bx = 0; bx < stride; bx += 8) {
        int base = by * stride + bx;
        for (int r = 0; r < 8; r++) {
          int src = base + r * stride;
          for (int c = 0; c < 8; c++) {
            block[r * 8 + c] = plane[src + c] - 128;
          }
        }
        fdct(block);
        for (int i = 0; i < 64; i++) {
          int t = block[i];
          long q;
          if (t < 0) {
            q = -(((long) (-t + d.corr[i]) * d.recip[i]) >> d.shift[i]);
          } else {
            q = ((long) (t + d.corr[i]) * d.recip[i]) >> d.shift[i];
          }
          block[i] = (int) q * d.table[i];
        }
        idct(block, plane, base, stride);
      }
    }
  }

  private static final int CONST_BITS = 13;
  private static final int PASS1_BITS = 2;
  private static final long FIX_0_298631336 = 2446;
  private static final long FIX_0_390180644 = 3196;
  private static final long FIX_0_541196100 = 4433;
  private static final long FIX_0_765366865 = 6270;
  private static final long FIX_0_899976223 = 7373;
  private static final long FIX_1_175875602 = 9633;
  private static final long FIX_1_501321110 = 12299;
  private static final long FIX_1_847759065 = 15137;
  private static final long FIX_1_961570560 = 16069;
  private static final long FIX_2_053119869 = 16819;
  private static final long FIX_2_562915447 = 20995;
  private static final long FIX_3_072711026 = 25172;

  private static int descale(long x, int n) {
    return (int) ((x + (1L << (n - 1))) >> n);
  }

  /** jfdctint.c's jpeg_fdct_islow: output scaled up by 8. */
  static void fdct(int[] d) {
    for (int p = 0; p < 64; p += 8) {
      fdct1(d, p, 1, true);
    }
    for (int p = 0; p < 8; p++) {
      fdct1(d, p, 8, false);
    }
  }

  private static void fdct1(int[] d, int p, int s, boolean rows) {
    long tmp0 = d[p] + d[p + 7 * s];
    long tmp7 = d[p] - d[p + 7 * s];
    long tmp1 = d[p + s] + d[p + 6 * s];
    long tmp6 = d[p + s] - d[p + 6 * s];
    long tmp2 = d[p + 2 * s] + d[p + 5 * s];
    long tmp5 = d[p + 2 * s] - d[p + 5 * s];
    long tmp3 = d[p + 3 * s] + d[p + 4 * s];
    long tmp4 = d[p + 3 * s] - d[p + 4 * s];
    long tmp10 = tmp0 + tmp3;
    long tmp13 = tmp0 - tmp3;
    long tmp11 = tmp1 + tmp2;
    long tmp12 = tmp1 - tmp2;
    int oddShift = rows ? CONST_BITS - PASS1_BITS : CONST_BITS + PASS1_BITS;
    if (rows) {
      d[p] = (int) ((tmp10 + tmp11) << PASS1_BITS);
      d[p + 4 * s] = (int) ((tmp10 - tmp11) << PASS1_BITS);
    } else {
      d[p] = descale(tmp10 + tmp11, PASS1_BITS);
      d[p + 4 * s] = descale(tmp10 - tmp11, PASS1_BITS);
    }
    long z1 = (tmp12 + tmp13) * FIX_0_541196100;
    d[p + 2 * s] = descale(z1 + tmp13 * FIX_0_765366865, oddShift);
    d[p + 6 * s] = descale(z1 - tmp12 * FIX_1_847759065, oddShift);
    z1 = tmp4 + tmp7;
    long z2 = tmp5 + tmp6;
    long z3 = tmp4 + tmp6;
    long z4 = tmp5 + tmp7;
    long z5 = (z3 + z4) * FIX_1_175875602;
    tmp4 *= FIX_0_298631336;
    tmp5 *= FIX_2_053119869;
    tmp6 *= FIX_3_072711026;
    tmp7 *= FIX_1_501321110;
    z1 *= -FIX_0_899976223;
    z2 *= -FIX_2_562915447;
    z3 *= -FIX_1_961570560;
    z4 *= -FIX_0_390180644;
    z3 += z5;
    z4 += z5;
    d[p + 7 * s] = descale(tmp4 + z1 + z3, oddShift);
    d[p + 5 * s] = descale(tmp5 + z2 + z4, oddShift);
    d[p + 3 * s] = descale(tmp6 + z2 + z3, oddShift);
    d[p + s] = descale(tmp7 + z1 + z4, oddShift);
  }

  /** jidctint.c's jpeg_idct_islow on dequantised coefficients, range-limited into the plane. */
  static void idct(int[] d, int[] plane, int base, int stride) {
    // pass 1: columns, results scaled by 2^PASS1_BITS, kept in d[64..127]
    for (int c = 0; c < 8; c++) {
      idct1(d, c, 8, d, 64 + c, 8, CONST_BITS - PASS1_BITS, false);
    }
    // pass 2: rows, descaled by 8 and 2^PASS1_BITS, then level-shifted and clamped
    for (int r = 0; r < 8; r++) {
      idct1(d, 64 + 8 * r, 1, plane, base + r * stride, 1, CONST_BITS + PASS1_BITS + 3, true);
    }
  }

  private static void idct1(int[] in, int p, int s, int[] out, int o, int os, int shift,
      boolean toSamples) {
    long z2 = in[p + 2 * s];
    long z3 = in[p + 6 * s];
    long z1 = (z2 + z3) * FIX_0_541196100;
    long tmp2 = z1 - z3 * FIX_1_847759065;
    long tmp3 = z1 + z2 * FIX_0_765366865;
    z2 = in[p];
    z3 = in[p + 4 * s];
    long tmp0 = (z2 + z3) << CONST_BITS;
    long tmp1 = (z2 - z3) << CONST_BITS;
    long tmp10 = tmp0 + tmp3;
    long tmp13 = tmp0 - tmp3;
    long tmp11 = tmp1 + tmp2;
    long tmp12 = tmp1 - tmp2;
    tmp0 = in[p + 7 * s];
    tmp1 = in[p + 5 * s];
    tmp2 = in[p + 3 * s];
    tmp3 = in[p + s];
    z1 = tmp0 + tmp3;
    z2 = tmp1 + tmp2;
    z3 = tmp0 + tmp2;
    long z4 = tmp1 + tmp3;
    long z5 = (z3 + z4) * FIX_1_175875602;
    tmp0 *= FIX_0_298631336;
    tmp1 *= FIX_2_053119869;
    tmp2 *= FIX_3_072711026;
    tmp3 *= FIX_1_501321110;
    z1 *= -FIX_0_899976223;
    z2 *= -FIX_2_562915447;
    z3 *= -FIX_1_961570560;
    z4 *= -FIX_0_390180644;
    z3 += z5;
    z4 += z5;
    tmp0 += z1 + z3;
    tmp1 += z2 + z4;
    tmp2 += z2 + z3;
    tmp3 += z1 + z4;
    int v0 = descale(tmp10 + tmp3, shift);
    int v7 = descale(tmp10 - tmp3, shift);
    int v1 = descale(tmp11 + tmp2, shift);
    int v6 = descale(tmp11 - tmp2, shift);
    int v2 = descale(tmp12 + tmp1, shift);
    int v5 = descale(tmp12 - tmp1, shift);
    int v3 = descale(tmp13 + tmp0, shift);
    int v4 = descale(tmp13 - tmp0, shift);
    if (toSamples) {
      v0 = rangeLimit(v0);
      v1 = rangeLimit(v1);
      v2 = rangeLimit(v2);
      v3 = rangeLimit(v3);
      v4 = rangeLimit(v4);
      v5 = rangeLimit(v5);
      v6 = rangeLimit(v6);
      v7 = rangeLimit(v7);
    }
    out[o] = v0;
    out[o + os] = v1;
    out[o + 2 * os] = v2;
    out[o + 3 * os] = v3;
    out[o + 4 * os] = v4;
    out[o + 5 * os] = v5;
    out[o + 6 * os] = v6;
    out[o + 7 * os] = v7;
  }

  /** libjpeg's post-IDCT range limit: index (v & 1023) into a table centred on 128. */
  private static int rangeLimit(int v) {
    int t = v & 1023;
    if (t < 128) {
      return t + 128;
    }
    if (t < 512) {
      return 255;
    }
    if (t < 896) {
      return 0;
    }
    return t - 896;
  }
}
