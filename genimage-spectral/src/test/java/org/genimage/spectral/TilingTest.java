package org.genimage.spectral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.genimage.api.BadArgumentException;
import org.genimage.api.RgbImage;
import org.junit.jupiter.api.Test;

/**
 * The tilings' geometry and argument checks, and the point of the grid tiling: its score's level on
 * structureless content (noise) does not depend on the image's size, so it cannot separate two such
 * sets by size, while the fixed 128-pixel tiling ({@link ArtifactScoreConfig#tiled()}) does; on
 * textured content its level varies with size about as much as the first version's.
 */
class TilingTest {
  private static final List<Integer> FACTORS = List.of(2, 4, 8);

  @Test
  void gridTilesFollowTheCropAndFallOnBins() {
    // 256: nine 128-px tiles at step 64 from the corner, exactly the fixed 128 tiling there.
    TileLayout at256 = TileLayout.of(Tiling.grid(3), 256, 256, FACTORS, Tiling.MIN_GRID_TILE);
    assertThat(at256).isEqualTo(new TileLayout(128, 128, 3, 3, 0, 0, 64, 64));
    assertThat(TileLayout.of(Tiling.ofSide(128), 256, 256, FACTORS, Tiling.MIN_GRID_TILE))
        .isEqualTo(at256);
    // 375x500: floor(750 / 32) = 23 and floor(1000 / 32) = 31 are primes over 5 (a slow FFT size),
    // so tiles of 20 x 8 = 160 by 30 x 8 = 240, centred (27 and 10 left over on top and left),
    // still three per axis; the fixed side fits four and five tiles per axis there.
    assertThat(TileLayout.of(Tiling.grid(3), 375, 500, FACTORS, Tiling.MIN_GRID_TILE))
        .isEqualTo(new TileLayout(160, 240, 3, 3, 27, 10, 80, 120));
    assertThat(TileLayout.of(Tiling.ofSide(128), 375, 500, FACTORS, Tiling.MIN_GRID_TILE))
        .isEqualTo(new TileLayout(128, 128, 4, 6, 0, 0, 64, 64));
    for (int h = 32; h <= 700; h += 7) {
      for (int w : new int[] {32, 33, 100, 517}) {
        TileLayout l = TileLayout.of(Tiling.grid(3), h, w, FACTORS, Tiling.MIN_GRID_TILE);
        assertThat(l.height() % 8).isZero();
        assertThat(l.width() % 8).isZero();
        // Fast FFT sizes: no prime factor over 5, and the largest such multiple of 8 that fits.
        assertThat(largestPrimeFactor(l.height())).as("tile height %d", l.height()).isLessThan(7);
        assertThat(largestPrimeFactor(l.width())).as("tile width %d", l.width()).isLessThan(7);
        for (int t = l.height() + 8; t <= 2 * h / 4; t += 8) {
          assertThat(largestPrimeFactor(t)).as("a larger fast tile %d for %d", t, h).isGreaterThan(5);
        }
        assertThat(l.rows()).isEqualTo(3);
        assertThat(l.cols()).isEqualTo(3);
        assertThat(l.top()).isNotNegative();
        assertThat(l.left()).isNotNegative();
        // The last tile ends inside the crop and the unused margins differ by at most one pixel.
        int bottomMargin = h - (l.top() + 2 * l.stepRows() + l.height());
        assertThat(bottomMargin - l.top()).isBetween(0, 1);
        int rightMargin = w - (l.left() + 2 * l.stepCols() + l.width());
        assertThat(rightMargin - l.left()).isBetween(0, 1);
      }
    }
  }

  @Test
  void cropsTooSmallForTheGridGetOneSpectrum() {
    // 2 * 31 / 4 = 15.5 rounds down to tiles of 8: below the absolute 16-pixel floor.
    assertThat(TileLayout.of(Tiling.grid(3), 31, 200, FACTORS, Tiling.MIN_GRID_TILE))
        .isEqualTo(new TileLayout(31, 200, 1, 1, 0, 0, 31, 200));
    assertThat(TileLayout.of(Tiling.grid(3), 32, 200, FACTORS, Tiling.MIN_GRID_TILE).height()).isEqualTo(16);
    // Factors whose least common multiple exceeds any tile (lcm(9..16) = 720720) cannot have one.
    assertThat(TileLayout.of(Tiling.grid(2), 512, 512, List.of(9, 10, 11, 12, 13, 14, 15, 16),
        Tiling.MIN_GRID_TILE))
        .isEqualTo(new TileLayout(512, 512, 1, 1, 0, 0, 512, 512));
    // The defaults' floor is 64 px (below): a 100 x 120 crop would get tiles of 48 x 56 and is
    // scored on one spectrum, exactly like the first version.
    assertThat(ArtifactScoreConfig.gridTiled().smallestGridTile()).isEqualTo(64);
    assertThat(TileLayout.of(Tiling.grid(3), 127, 200, FACTORS, 64).rows()).isEqualTo(1);
    assertThat(TileLayout.of(Tiling.grid(3), 128, 200, FACTORS, 64).height()).isEqualTo(64);
    Random random = new Random(4);
    byte[] rgb = new byte[3 * 100 * 120];
    random.nextBytes(rgb);
    RgbImage small = RgbImage.wrap(120, 100, rgb);
    assertThat(new PeriodicArtifactDetector(ArtifactScoreConfig.gridTiled()).rawScore(small))
        .isEqualTo(new PeriodicArtifactDetector(ArtifactScoreConfig.firstVersion()).rawScore(small));
  }

  /**
   * The floor on grid tiles: positions of the largest factor lie {@code side / kmax} bins apart, and
   * the ring around one reaches {@code backgroundRadius} bins, so a tile needs {@code kmax
   * (backgroundRadius + peakRadius + 1)} px for the ring to miss the neighbours' peak windows.
   */
  @Test
  void theSmallestGridTileKeepsEveryRingClearOfTheNeighbouringPositions() {
    ArtifactScoreConfig defaults = ArtifactScoreConfig.gridTiled();
    // x8 positions 64 / 8 = 8 bins apart; ring out to 6, neighbour's window from 8 - 1 = 7.
    assertThat(defaults.smallestGridTile()).isEqualTo(8 * (6 + 1 + 1));
    assertThat(defaults.toBuilder().factors(List.of(2, 4)).build().smallestGridTile())
        .isEqualTo(4 * 8);
    assertThat(defaults.toBuilder().radii(0, 4).build().smallestGridTile()).isEqualTo(8 * 5);
    // Never below the absolute floor.
    assertThat(defaults.toBuilder().factors(List.of(2)).radii(0, 2).build().smallestGridTile())
        .isEqualTo(Tiling.MIN_GRID_TILE);
  }

  @Test
  void argumentsAreChecked() {
    assertThatThrownBy(() -> Tiling.grid(1)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("tiling.perAxis");
    assertThatThrownBy(() -> Tiling.grid(17)).isInstanceOf(BadArgumentException.class);
    assertThatThrownBy(() -> Tiling.ofSide(15)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("tiling.side");
    ArtifactScoreConfig.Builder b = ArtifactScoreConfig.firstVersion().toBuilder().maxSide(256);
    assertThatThrownBy(() -> b.tiling(Tiling.ofSide(300)).build())
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("maxSide");
    assertThatThrownBy(() -> b.tiling(null).build()).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("tiling");
    // 16 per axis fits where the crop may be large enough: tiles of 120 px in a 1024-px crop.
    assertThat(b.maxSide(1024).tiling(Tiling.grid(16)).build().tiling()).isEqualTo(Tiling.grid(16));
    assertThat(Tiling.none()).isEqualTo(new Tiling.None());
  }

  @Test
  void gridsThatCanNeverFitAreRejected() {
    // 16 tiles per axis in a 64-px crop: floor(128 / (17 * 8)) = 0, tiles of 0 px at any image size.
    ArtifactScoreConfig.Builder b = ArtifactScoreConfig.gridTiled().toBuilder().maxSide(64);
    assertThatThrownBy(() -> b.tiling(Tiling.grid(16)).build())
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("tiling")
        .hasMessageContaining("maxSide = 64");
    // The smallest crop that still fits the defaults: 3 x 3 tiles of 64 px need maxSide >= 128.
    assertThat(b.maxSide(128).tiling(Tiling.grid(3)).build().tiling()).isEqualTo(Tiling.grid(3));
    assertThatThrownBy(() -> b.maxSide(127).tiling(Tiling.grid(3)).build())
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("tiling");
    // Factors whose least common multiple (720720) exceeds any crop.
    assertThatThrownBy(() -> ArtifactScoreConfig.gridTiled().toBuilder()
        .factors(List.of(9, 10, 11, 12, 13, 14, 15, 16)).tiling(Tiling.grid(2)).build())
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("tiling");
    // Without a grid the same factors are accepted (one spectrum is the intended behaviour there).
    assertThat(ArtifactScoreConfig.firstVersion().toBuilder()
        .factors(List.of(9, 10, 11, 12, 13, 14, 15, 16)).build().factors()).hasSize(8);
  }

  /**
   * Crops under 128 px get one spectrum (tiles under 64 px with the defaults), whose level on noise
   * is the first version's (about 0.55) and not the grid's (about 0.2); they are mapped with the
   * first version's mapping, so P(fake) on noise does not step at 128 px. Mapped with the grid's
   * midpoint instead, noise under the step sits near P = 0.5 (measured 0.52 at 16-31 px when the
   * step was at 32 px) against about 0.2 above it.
   */
  @Test
  void probabilityOnNoiseDoesNotStepWhereTheGridStarts() {
    PeriodicArtifactDetector d = PeriodicArtifactDetector.withDefaults();
    Random random = new Random(21);
    int perSize = 6;
    double below = 0;
    double above = 0;
    int nBelow = 0;
    int nAbove = 0;
    for (int side = 96; side <= 160; side += 2) {
      List<RgbImage> images = new ArrayList<>();
      for (int i = 0; i < perSize; i++) {
        byte[] rgb = new byte[3 * side * side];
        random.nextBytes(rgb);
        images.add(RgbImage.wrap(side, side, rgb));
      }
      double mean = 0;
      for (float p : d.scoreBatch(images)) {
        mean += p / perSize;
      }
      assertThat(mean).as("mean P(fake) of noise at " + side + " px").isLessThan(0.35);
      if (side < 128) {
        below += mean;
        nBelow++;
      } else {
        above += mean;
        nAbove++;
      }
    }
    System.out.printf("mean P(fake) of noise: 96-126 px %.3f, 128-160 px %.3f%n", below / nBelow,
        above / nAbove);
    assertThat(below / nBelow).isCloseTo(above / nAbove, within(0.1));
  }

  @Test
  void onlyCropsTooSmallForTheirGridTakeTheOneSpectrumMapping() {
    ArtifactScoreConfig grid = ArtifactScoreConfig.gridTiled();
    // 127 px: one spectrum, first version's mapping; 128 px and a 600-px image (cropped to 512): the
    // grid's own mapping.
    assertThat(grid.probability(1.0, 127, 200)).isEqualTo(0.5);
    assertThat(grid.probability(0.3, 127, 200))
        .isEqualTo(ArtifactScoreConfig.firstVersion().probability(0.3));
    assertThat(grid.probability(0.3, 128, 200)).isEqualTo(grid.probability(0.3));
    assertThat(grid.probability(0.3, 600, 600)).isEqualTo(grid.probability(0.3));
    // Configurations without a grid keep their mapping at every size.
    ArtifactScoreConfig tiled = ArtifactScoreConfig.tiled().toBuilder().mapping(0.4, 0.1).build();
    assertThat(tiled.probability(0.3, 20, 20)).isEqualTo(tiled.probability(0.3));
    assertThatThrownBy(() -> grid.probability(0.3, 0, 20))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("height");
  }

  @Test
  void configurationsWithEveryTilingSurviveJavaSerialization() throws Exception {
    for (ArtifactScoreConfig c : List.of(ArtifactScoreConfig.defaults(), ArtifactScoreConfig.tiled(),
        ArtifactScoreConfig.firstVersion())) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
        out.writeObject(c);
      }
      try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
          new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
        assertThat(in.readObject()).isEqualTo(c);
      }
    }
  }

  @Test
  void gridScoresEqualTheFixedTilesAt256() {
    Random random = new Random(8);
    PeriodicArtifactDetector grid = new PeriodicArtifactDetector(ArtifactScoreConfig.gridTiled());
    PeriodicArtifactDetector fixed = new PeriodicArtifactDetector(ArtifactScoreConfig.tiled());
    for (int i = 0; i < 3; i++) {
      RgbImage image = Images8.toImage(NaturalTextures.image(256, random), 256, 256);
      assertThat(grid.rawScore(image)).isEqualTo(fixed.rawScore(image));
    }
  }

  /** Images per size: textures are costly to make (four FFTs each), noise is not. */
  private static final int TEXTURES = 12;

  private static final int NOISE = 30;

  /** Largest spread of the per-size medians of the grid's score on noise. */
  private static final double NOISE_TOLERANCE = 0.05;

  /** How much more than the first version's the grid's per-size medians may spread on textures. */
  private static final double CONTENT_MARGIN = 0.05;

  private static List<List<RgbImage>> textures;

  private static List<List<RgbImage>> noise;

  /** Untraced images per size of {@link ArtifactScoreStudy#SIZES} (128, 256, 375x500, 512). */
  private static synchronized List<List<RgbImage>> untraced(boolean ofNoise) {
    if (ofNoise ? noise == null : textures == null) {
      Random random = new Random(ofNoise ? 11 : 12);
      List<List<RgbImage>> bySize = new ArrayList<>();
      for (int[] s : ArtifactScoreStudy.SIZES) {
        bySize.add(ArtifactScoreStudy.untraced(ofNoise ? NOISE : TEXTURES, s[0], s[1], ofNoise,
            random));
      }
      if (ofNoise) {
        noise = bySize;
      } else {
        textures = bySize;
      }
    }
    return ofNoise ? noise : textures;
  }

  private static List<double[]> rawBySize(ArtifactScoreConfig config, boolean ofNoise) {
    PeriodicArtifactDetector d = new PeriodicArtifactDetector(config);
    List<double[]> out = new ArrayList<>();
    for (List<RgbImage> images : untraced(ofNoise)) {
      out.add(ArtifactScoreStudy.scores(images, d::rawScore));
    }
    return out;
  }

  private static double spreadOfMedians(List<double[]> bySize) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] r : bySize) {
      lo = Math.min(lo, ArtifactScoreStudy.median(r));
      hi = Math.max(hi, ArtifactScoreStudy.median(r));
    }
    return hi - lo;
  }

  /**
   * Level: on noise the per-size medians of the grid's raw score stay within {@link
   * #NOISE_TOLERANCE} of each other (measured 0.006; 0.2 at every size), while the fixed 128-pixel
   * tiles fall with size (measured 0.46: 0.55 at 128, 0.09 at 512). The textures' own spectra differ a
   * little with size (their lens blur and sensor noise are fixed in pixels, their shapes scale): the
   * first version, which has one spectrum at every size, spreads 0.11 there (0.60 to 0.71; 0.08 on 40
   * images per size in the study), the grid as much plus at most {@link #CONTENT_MARGIN} (measured
   * 0.15 on these 12 per size, 0.08 on 40), the fixed tiles more than 0.2 (measured 0.32).
   */
  @Test
  void theGridScoresUntracedContentAlikeAtEverySize() {
    double gridNoise = spreadOfMedians(rawBySize(ArtifactScoreConfig.gridTiled(), true));
    double fixedNoise = spreadOfMedians(rawBySize(ArtifactScoreConfig.tiled(), true));
    double grid = spreadOfMedians(rawBySize(ArtifactScoreConfig.gridTiled(), false));
    double fixed = spreadOfMedians(rawBySize(ArtifactScoreConfig.tiled(), false));
    double first = spreadOfMedians(rawBySize(ArtifactScoreConfig.firstVersion(), false));
    System.out.printf("spread of per-size medians: noise grid %.3f, fixed %.3f; textures grid"
        + " %.3f, fixed %.3f, first version %.3f%n", gridNoise, fixedNoise, grid, fixed, first);
    assertThat(gridNoise).isLessThan(NOISE_TOLERANCE);
    // Structureless images stay below the defaults' midpoint at every size.
    for (double[] r : rawBySize(ArtifactScoreConfig.gridTiled(), true)) {
      assertThat(ArtifactScoreStudy.median(r)).isLessThan(ArtifactScoreConfig.defaults().midpoint());
    }
    assertThat(fixedNoise).isGreaterThan(0.3);
    assertThat(grid).isLessThan(first + CONTENT_MARGIN);
    assertThat(fixed).isGreaterThan(0.2);
  }

  /**
   * Size shortcut: untraced content at 128 px called fake, at 512 px called real. The grid's AUC
   * stays near chance (in [0.35, 0.65]), the fixed tiles' is far above it (measured 1.00 on noise,
   * 0.94 on 40 textures per size).
   */
  @Test
  void theGridCannotSeparateUntracedSetsBySize() {
    for (boolean ofNoise : new boolean[] {true, false}) {
      List<double[]> grid = rawBySize(ArtifactScoreConfig.gridTiled(), ofNoise);
      List<double[]> fixed = rawBySize(ArtifactScoreConfig.tiled(), ofNoise);
      double gridAuc = Synthetic.auc(grid.get(3), grid.get(0));
      double fixedAuc = Synthetic.auc(fixed.get(3), fixed.get(0));
      System.out.printf("%s, size shortcut 128 vs 512: grid %.2f, fixed 128 tiles %.2f%n",
          ofNoise ? "noise" : "textures", gridAuc, fixedAuc);
      assertThat(gridAuc).as("grid, noise = " + ofNoise).isBetween(0.35, 0.65);
      assertThat(fixedAuc).as("fixed tiles, noise = " + ofNoise).isGreaterThan(0.85);
    }
  }

  private static int largestPrimeFactor(int n) {
    int largest = 1;
    for (int p = 2; n > 1; p++) {
      while (n % p == 0) {
        largest = p;
        n /= p;
      }
    }
    return largest;
  }
}
