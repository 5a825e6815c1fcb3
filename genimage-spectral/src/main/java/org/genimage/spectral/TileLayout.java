package org.genimage.spectral;

import java.util.List;

/**
 * Where the tiles of one crop lie: {@code rows x cols} tiles of {@code height x width}, the first at
 * {@code (top, left)}, then every {@code stepRows} / {@code stepCols}. One tile of the whole crop when
 * no tiling applies. Integer arithmetic only, so the independent numpy reference reproduces it exactly.
 */
record TileLayout(int height, int width, int rows, int cols, int top, int left, int stepRows,
    int stepCols) {

  /**
   * The layout of {@code tiling} on an {@code h x w} crop scored for {@code factors}; a grid whose
   * tiles would be smaller than {@code smallestGridTile} on either side gives one spectrum.
   */
  static TileLayout of(Tiling tiling, int h, int w, List<Integer> factors, int smallestGridTile) {
    if (tiling instanceof Tiling.Side s && s.side() <= h && s.side() <= w) {
      int t = s.side();
      int step = t / 2;
      return new TileLayout(t, t, (h - t) / step + 1, (w - t) / step + 1, 0, 0, step, step);
    }
    if (tiling instanceof Tiling.Grid g) {
      int th = gridTileSide(h, g.perAxis(), factors);
      int tw = gridTileSide(w, g.perAxis(), factors);
      if (th >= smallestGridTile && tw >= smallestGridTile) {
        int n = g.perAxis();
        int sr = th / 2;
        int sc = tw / 2;
        // Centred: the unused remainder is split between both borders (floor at the top/left).
        int top = (h - ((n - 1) * sr + th)) / 2;
        int left = (w - ((n - 1) * sc + tw)) / 2;
        return new TileLayout(th, tw, n, n, top, left, sr, sc);
      }
    }
    return new TileLayout(h, w, 1, 1, 0, 0, h, w);
  }

  /**
   * The largest {@code m lcm <= floor(2 side / ((n + 1) lcm)) lcm} whose {@code m} has no prime
   * factor over 5, with {@code lcm} the factors' least common multiple: half-overlapping tiles, n of
   * them fit the side, every grid position on a bin.
   */
  static int gridTileSide(int side, int n, List<Integer> factors) {
    long lcm = 1;
    for (int k : factors) {
      lcm = lcm / gcd(lcm, k) * k;
    }
    long m = 2L * side / ((n + 1) * lcm);
    // A side with a prime factor over 5 takes JTransforms' Bluestein path: 184 x 248 tiles (23 and
    // 31 times 8) of a 375x500 crop cost 3.8 times the first version's one spectrum against 1.4-1.6
    // times at power-of-two sizes (ArtifactScoreBenchmark). A slightly smaller tile keeps the count
    // and the overlap, so the statistic's null distribution does not change.
    while (m > 1 && !fiveSmooth(m)) {
      m--;
    }
    return (int) (m * lcm);
  }

  private static boolean fiveSmooth(long m) {
    for (int p : new int[] {2, 3, 5}) {
      while (m % p == 0) {
        m /= p;
      }
    }
    return m == 1;
  }

  /** The greatest common divisor of two non-negative numbers (shared with the score's positions). */
  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
