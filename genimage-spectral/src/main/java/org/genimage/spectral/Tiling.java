package org.genimage.spectral;

import java.io.Serializable;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * How {@link PeriodicArtifactDetector} splits a crop into tiles whose power spectra it sums (Welch's
 * method: tiles overlap by half, each bin's spread shrinks with the number of tiles).
 *
 * <ul>
 *   <li>{@link #none()}: one spectrum of the whole crop.
 *   <li>{@link #ofSide(int)}: square tiles of a fixed side; the number of tiles, and with it the
 *       score's level on structureless content, grows with the image's size.
 *   <li>{@link #grid(int)}: a fixed number of tiles per axis whose sides follow the crop, so that the
 *       statistic has the same null distribution on structureless content (same count of tiles, same
 *       overlap, same bin radii) at every image size; textured content still varies with size
 *       about as much as under one spectrum.
 * </ul>
 */
public sealed interface Tiling extends Serializable permits Tiling.None, Tiling.Side, Tiling.Grid {
  /**
   * The smallest tile side, in pixels, that {@link #grid(int)} ever uses; a configuration raises it
   * with its factors and radii ({@link ArtifactScoreConfig#smallestGridTile()}, 64 px with the
   * defaults). A crop whose tiles would be smaller is scored as one spectrum ({@link #none()}'s
   * behaviour).
   */
  int MIN_GRID_TILE = 16;

  /**
   * One spectrum of the whole crop.
   *
   * @return the tiling
   */
  static Tiling none() {
    return None.INSTANCE;
  }

  /**
   * Square tiles of a fixed side overlapping by half, laid from the crop's top-left corner; the
   * remainder at the bottom and right is left out. A crop smaller than a tile gets one spectrum.
   *
   * @param side the tile side in pixels, at least 16 (and at most the configuration's {@code
   *     maxSide}, checked by {@link ArtifactScoreConfig})
   * @return the tiling
   * @throws BadArgumentException if the side is below 16 or above 8192
   */
  static Tiling ofSide(int side) {
    return new Side(side);
  }

  /**
   * {@code perAxis x perAxis} tiles overlapping by half, centred in the crop. For a crop of {@code h x
   * w} the tile is {@code th x tw} with {@code th = floor(2h / ((perAxis + 1) L)) L} (likewise {@code
   * tw} from {@code w}), where {@code L} is the least common multiple of the configuration's factors,
   * so that every grid position {@code m th / k} falls on a bin; the step is {@code floor(th / 2)};
   * the grid starts at {@code floor((h - ((perAxis - 1) floor(th / 2) + th)) / 2)}. Non-square crops
   * get non-square tiles. If {@code th} or {@code tw} is below the configuration's {@link
   * ArtifactScoreConfig#smallestGridTile()} (64 px with the defaults: crops under 128 px), the crop gets
   * one spectrum, i.e. the first version's raw score, and the detector maps it with the first
   * version's mapping ({@link ArtifactScoreConfig#ONE_SPECTRUM_MIDPOINT}, {@link
   * ArtifactScoreConfig#ONE_SPECTRUM_TEMPERATURE}) whatever the configuration's, because one
   * spectrum's level on structureless content (about 0.55 on noise) is not the grid's (about 0.2):
   * the rule for every grid configuration. A configuration whose {@code maxSide} crop is itself too
   * small for the grid is rejected ({@link ArtifactScoreConfig}).
   *
   * @param perAxis tiles per axis, 2 to 16
   * @return the tiling
   * @throws BadArgumentException if {@code perAxis} is outside 2 to 16
   */
  static Tiling grid(int perAxis) {
    return new Grid(perAxis);
  }

  /** One spectrum of the whole crop; see {@link Tiling#none()}. */
  record None() implements Tiling {
    private static final long serialVersionUID = 1L;
    private static final None INSTANCE = new None();

    @Override
    public String toString() {
      return "none";
    }
  }

  /**
   * Square tiles of a fixed side; see {@link Tiling#ofSide(int)}.
   *
   * @param side the tile side in pixels, 16 to 8192
   */
  record Side(int side) implements Tiling {
    private static final long serialVersionUID = 1L;

    /**
     * Validates the side.
     *
     * @throws BadArgumentException if the side is below 16 or above 8192
     */
    public Side {
      Checks.inRange("tiling.side", side, 16, 8192);
    }

    @Override
    public String toString() {
      return "side " + side;
    }
  }

  /**
   * A fixed number of tiles per axis; see {@link Tiling#grid(int)} (also for crops too small for
   * the grid: one spectrum, mapped with the first version's mapping).
   *
   * @param perAxis tiles per axis, 2 to 16
   */
  record Grid(int perAxis) implements Tiling {
    private static final long serialVersionUID = 1L;

    /**
     * Validates the count.
     *
     * @throws BadArgumentException if {@code perAxis} is outside 2 to 16
     */
    public Grid {
      Checks.inRange("tiling.perAxis", perAxis, 2, 16);
    }

    @Override
    public String toString() {
      return "grid " + perAxis + "x" + perAxis;
    }
  }
}
