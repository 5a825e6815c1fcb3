package org.genimage.degrade;

import org.genimage.api.internal.Checks;

/**
 * libjpeg's quantisation tables at a quality 1..100: the standard tables of the JPEG specification
 * (Annex K) scaled by {@code jpeg_quality_scaling} ({@code q < 50 ? 5000 / q : 200 - 2q} percent) and
 * rounded as {@code jpeg_add_quant_table} does, {@code (base * scale + 50) / 100} clamped to 1..255
 * (baseline). These are the tables Pillow writes for {@code save(quality=q)} and reports in
 * {@code Image.quantization}; entries are in natural (row-major) order, as Pillow reports them.
 */
public final class JpegQuantTables {
  private static final int[] STD_LUMINANCE = {
    16, 11, 10, 16, 24, 40, 51, 61,
    12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77,
    24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101,
    72, 92, 95, 98, 112, 100, 103, 99
  };
  private static final int[] STD_CHROMINANCE = {
    17, 18, 24, 47, 99, 99, 99, 99,
    18, 21, 26, 66, 99, 99, 99, 99,
    24, 26, 56, 99, 99, 99, 99, 99,
    47, 66, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99
  };

  private JpegQuantTables() {}

  /**
   * libjpeg's {@code jpeg_quality_scaling}.
   *
   * @param quality 1..100
   * @return the scale in percent
   */
  public static int scalePercent(int quality) {
    Checks.inRange("quality", quality, 1, 100);
    return quality < 50 ? 5000 / quality : 200 - quality * 2;
  }

  /**
   * The luminance table at a quality.
   *
   * @param quality 1..100
   * @return 64 entries, natural order
   */
  public static int[] luminance(int quality) {
    return scale(STD_LUMINANCE, scalePercent(quality));
  }

  /**
   * The chrominance table at a quality.
   *
   * @param quality 1..100
   * @return 64 entries, natural order
   */
  public static int[] chrominance(int quality) {
    return scale(STD_CHROMINANCE, scalePercent(quality));
  }

  private static int[] scale(int[] base, int percent) {
    int[] out = new int[64];
    for (int i = 0; i < 64; i++) {
      long v = ((long) base[i] * percent + 50L) / 100L;
      out[i] = (int) Math.max(1, Math.min(255, v));
    }
    return out;
  }
}
