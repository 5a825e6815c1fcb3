package org.genimage.degrade;

/**
 * Layout changes shared by the separable passes. JDK 17's C2 vectorises a loop only when every array
 * in it is indexed with the same subscript, so a pass along a row is run on the transpose: one array
 * per image column, each a stripe of rows with the three channels interleaved ({@code col[3i + c]}),
 * and a tap becomes a whole column array times a weight.
 */
final class ColumnTranspose {
  private ColumnTranspose() {}

  /** Rows {@code y0..y0+n-1} of an interleaved RGB image as one int array per column. */
  static void transpose(byte[] in, int w, int y0, int n, int[][] cols) {
    int stride = 3 * w;
    int base = 3 * y0 * w;
    for (int x = 0; x < w; x++) {
      int[] col = cols[x];
      int p = base + 3 * x;
      for (int q = 0; q < 3 * n; q += 3, p += stride) {
        col[q] = in[p] & 0xFF;
        col[q + 1] = in[p + 1] & 0xFF;
        col[q + 2] = in[p + 2] & 0xFF;
      }
    }
  }
}
