package org.genimage.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import javax.imageio.plugins.jpeg.JPEGQTable;
import org.genimage.api.BadImageException;

/**
 * Estimates the IJG quality a JPEG was saved at from its luminance quantisation table: the quality
 * 1..100 whose scaled IJG standard table (libjpeg's {@code jpeg_quality_scaling}) is closest to the
 * file's, element by element. Files written by libjpeg, Pillow, OpenCV or the JDK with standard tables
 * give their exact quality; others give the nearest.
 */
public final class JpegQuality {
  private static final int[] ZIGZAG = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52,
    45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};
  private static final int[][] SCALED = new int[101][];

  static {
    int[] base = JPEGQTable.K1Luminance.getTable();
    for (int q = 1; q <= 100; q++) {
      int scale = q < 50 ? 5000 / q : 200 - 2 * q;
      int[] t = new int[64];
      for (int i = 0; i < 64; i++) {
        t[i] = Math.max(1, Math.min(255, (base[i] * scale + 50) / 100));
      }
      SCALED[q] = t;
    }
  }

  private JpegQuality() {}

  /**
   * The quality of a JPEG file, from its first 64 KiB.
   *
   * @param file the file
   * @return the quality, or empty if the file is not a JPEG or has no luminance table there
   * @throws BadImageException naming the file if it cannot be read
   */
  public static OptionalInt of(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return of(in.readNBytes(1 << 16));
    } catch (IOException e) {
      throw new BadImageException(file, "cannot read: " + e, e);
    }
  }

  /**
   * The quality of JPEG bytes.
   *
   * @param bytes the start of the file (the tables come before the image data)
   * @return the quality, or empty if no luminance table is found
   */
  public static OptionalInt of(byte[] bytes) {
    int[] table = luminanceTable(bytes);
    if (table == null) {
      return OptionalInt.empty();
    }
    int best = 1;
    long bestErr = Long.MAX_VALUE;
    for (int q = 1; q <= 100; q++) {
      long err = 0;
      for (int i = 0; i < 64; i++) {
        err += Math.abs(SCALED[q][i] - table[i]);
      }
      if (err < bestErr) {
        bestErr = err;
        best = q;
      }
    }
    return OptionalInt.of(best);
  }

  /** The table with id 0 in natural (row-major) order, or null. */
  static int[] luminanceTable(byte[] b) {
    if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
      return null;
    }
    int p = 2;
    while (p + 4 <= b.length) {
      if ((b[p] & 0xFF) != 0xFF) {
        return null;
      }
      int marker = b[p + 1] & 0xFF;
      if (marker == 0xFF) {
        p++;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return null;
      }
      int len = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
      if (len < 2) {
        return null;
      }
      if (marker == 0xDB) {
        int q = p + 4;
        int end = Math.min(b.length, p + 2 + len);
        while (q < end) {
          int pq = (b[q] & 0xFF) >> 4;
          int id = b[q] & 0x0F;
          q++;
          int need = pq == 0 ? 64 : 128;
          if (q + need > end) {
            return null;
          }
          if (id == 0) {
            int[] t = new int[64];
            for (int k = 0; k < 64; k++) {
              t[ZIGZAG[k]] = pq == 0 ? b[q + k] & 0xFF : (b[q + 2 * k] & 0xFF) << 8
                  | (b[q + 2 * k + 1] & 0xFF);
            }
            return t;
          }
          q += need;
        }
      }
      p += 2 + len;
    }
    return null;
  }
}
