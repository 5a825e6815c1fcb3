package org.genimage.spectral;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * Settings of the periodic up-sampling-artifact score ({@link PeriodicArtifactScore}) and of its
 * detector ({@link PeriodicArtifactDetector}).
 *
 * @param factors the up-sampling factors {@code k} whose grids are examined, each 2 to 16
 * @param peakRadius half-width in bins of the square window searched for the peak's maximum, 0 to 4
 * @param backgroundRadius the outer half-width of the square ring that is the local background; the
 *     ring starts two bins outside the peak window, so at least {@code peakRadius + 2} and at most 32
 * @param channel the plane the detector takes of each image (ignored when {@code colourPowerSum})
 * @param residual the residual filter the detector applies before the FFT
 * @param hannWindow whether the detector tapers each plane (or tile) with a Hann window (suppresses
 *     the border leakage on the axes, where half of the grid positions lie)
 * @param maxSide the detector centre-crops larger images to at most this side (bounds the cost;
 *     keeps periodicities), 16 to 8192
 * @param midpoint the raw score mapped to probability 0.5 (with a {@link Tiling#grid(int) grid}, for
 *     crops the grid tiles; smaller crops take {@link #ONE_SPECTRUM_MIDPOINT})
 * @param temperature the raw-score spread of the logistic mapping, positive
 * @param peakMeasure how a grid position is compared with its neighbourhood
 * @param allGridPoints whether a factor's positions include those of its divisors ({@code (N/2, 0)}
 *     is then also an {@code N/4} position); otherwise each factor keeps only its own new positions
 * @param combination how the factor scores are combined
 * @param tiling whether and how the detector splits the crop into half-overlapping tiles whose power
 *     spectra it sums (Welch's method, which lowers the variance of every bin): {@link Tiling#none()},
 *     {@link Tiling#ofSide(int)} (a side of at most {@code maxSide}) or {@link Tiling#grid(int)}
 *     (whose tiles must fit a {@code maxSide} crop: at least {@link #smallestGridTile()} px)
 * @param colourPowerSum whether the detector sums the power spectra of the red, green and blue
 *     planes instead of taking {@code channel}
 */
public record ArtifactScoreConfig(
    List<Integer> factors,
    int peakRadius,
    int backgroundRadius,
    Channel channel,
    ResidualFilter residual,
    boolean hannWindow,
    int maxSide,
    double midpoint,
    double temperature,
    PeakMeasure peakMeasure,
    boolean allGridPoints,
    FactorCombination combination,
    Tiling tiling,
    boolean colourPowerSum) implements Serializable {
  private static final long serialVersionUID = 3L;

  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for a value outside its range, a fixed tile larger than {@code
   *     maxSide}, or a grid ({@code tiling}) whose tiles would be under {@link #smallestGridTile()}
   *     px even on a {@code maxSide} crop
   */
  public ArtifactScoreConfig {
    factors = List.copyOf(Checks.notEmpty("factors", factors));
    for (int k : factors) {
      Checks.inRange("factor", k, 2, 16);
    }
    Checks.inRange("peakRadius", peakRadius, 0, 4);
    Checks.inRange("backgroundRadius", backgroundRadius, peakRadius + 2, 32);
    Checks.notNull("channel", channel);
    Checks.notNull("residual", residual);
    Checks.inRange("maxSide", maxSide, 16, 8192);
    Checks.inRange("midpoint", midpoint, -100.0, 100.0);
    Checks.positive("temperature", temperature);
    Checks.notNull("peakMeasure", peakMeasure);
    Checks.notNull("combination", combination);
    Checks.notNull("tiling", tiling);
    if (tiling instanceof Tiling.Side s && s.side() > maxSide) {
      // A tile larger than the crop could never fit: the setting would silently do nothing.
      throw new BadArgumentException("tiling.side", s.side(), "16 to maxSide = " + maxSide);
    }
    if (tiling instanceof Tiling.Grid g
        && TileLayout.gridTileSide(maxSide, g.perAxis(), factors)
        < smallestGridTile(factors, peakRadius, backgroundRadius)) {
      // Even a maxSide crop would get tiles under the minimum: every image would fall back to one
      // spectrum, and the grid setting would silently do nothing.
      throw new BadArgumentException("tiling", tiling, "a grid whose tiles, floor(2 maxSide / "
          + "((perAxis + 1) lcm(factors))) lcm(factors), are at least "
          + smallestGridTile(factors, peakRadius, backgroundRadius) + " px (smallestGridTile) for maxSide = " + maxSide + " and factors " + factors);
    }
  }

  /**
   * The midpoint with which a crop too small for its {@link Tiling#grid(int) grid} is mapped: such a
   * crop is scored on one spectrum, whose level on structureless content (about 0.55 on noise) is the
   * first version's, not the grid's (about 0.2), so it takes the first version's mapping whatever the
   * configured one is. Without this, noise too small for the grid would sit at P(fake) about 0.5.
   */
  public static final double ONE_SPECTRUM_MIDPOINT = 1.0;

  /** The temperature with which a crop too small for its grid is mapped; see {@link #ONE_SPECTRUM_MIDPOINT}. */
  public static final double ONE_SPECTRUM_TEMPERATURE = 0.25;

  /**
   * The first version's settings with its nine components; the later ones take the first version's
   * behaviour ({@link PeakMeasure#MAX_OVER_MEDIAN}, own positions only, {@link FactorCombination#MAX},
   * no tiles, one channel).
   *
   * @param factors see the record
   * @param peakRadius see the record
   * @param backgroundRadius see the record
   * @param channel see the record
   * @param residual see the record
   * @param hannWindow see the record
   * @param maxSide see the record
   * @param midpoint see the record
   * @param temperature see the record
   * @throws BadArgumentException for a value outside its range
   */
  public ArtifactScoreConfig(List<Integer> factors, int peakRadius, int backgroundRadius,
      Channel channel, ResidualFilter residual, boolean hannWindow, int maxSide, double midpoint,
      double temperature) {
    this(factors, peakRadius, backgroundRadius, channel, residual, hannWindow, maxSide, midpoint,
        temperature, PeakMeasure.MAX_OVER_MEDIAN, false, FactorCombination.MAX, Tiling.none(), false);
  }

  /**
   * The defaults: {@link #gridTiled()}, the first version's score on Welch's average of a 3 x 3 grid of
   * half-overlapping tiles whose sides follow the crop. The study of issue 23 (simulated up-sampling
   * traces, genimage-spectral/README.md) found it better than the first version on average (mean AUC
   * 0.811 against 0.738 over 36 cells, all images 256 px, where it equals {@link #tiled()}), and unlike
   * {@link #tiled()} its level on structureless content (noise) does not depend on the image's size
   * ({@code TilingTest}), so a set whose reals and fakes differ in size is not separated by size on
   * that account; on textured content its level varies with size about as much as the first
   * version's. Its mapping's midpoint is the 95th percentile of the study's simulated reals pooled
   * over both contents and all three JPEG conditions, <b>not calibrated on GenImage</b> (see {@link
   * #gridTiled()}).
   *
   * @return the default configuration
   */
  public static ArtifactScoreConfig defaults() {
    return gridTiled();
  }

  /**
   * The study of issue 23's best variant on simulated traces (see genimage-spectral/README.md; not
   * calibrated on GenImage): the first version's score on Welch's average of 128-pixel tiles
   * overlapping by half instead of one spectrum of the whole crop, which lowers the variance of every
   * bin. Only for sets whose images all have one size: its level on structureless content falls with
   * the number of tiles that fit, i.e. with the image's size (noise: about 0.55 at 128 px, one tile;
   * 0.2 at 256, nine; 0.09 at 512, 49); {@link #gridTiled()} does not. Mapping as the first version's
   * (midpoint 1.0, temperature 0.25).
   *
   * @return the tiled configuration
   */
  public static ArtifactScoreConfig tiled() {
    return new ArtifactScoreConfig(List.of(2, 4, 8), 1, 6, Channel.LUMA, ResidualFilter.none(),
        true, 512, 1.0, 0.25, PeakMeasure.MAX_OVER_MEDIAN, false, FactorCombination.MAX,
        Tiling.ofSide(128), false);
  }

  /**
   * The first version's score on Welch's average of a 3 x 3 grid of half-overlapping tiles whose
   * sides follow the crop ({@link Tiling#grid(int)}): 128-pixel tiles at step 64 on a 256-pixel image,
   * i.e. {@link #tiled()} there, but the same count and overlap of tiles at every size, so the score's
   * level on structureless content (noise) does not depend on the image's size; on textured content
   * it varies with size about as much as the first version's.
   *
   * <p>The logistic mapping's midpoint, 0.573, follows a stated rule: the 95th percentile (linear
   * interpolation) of the raw scores of the study of issue 23's reals <b>pooled</b> over both
   * contents (40 photo crops, seed 23; 40 {@code NaturalTextures}, seed 5; 256 px) and all three
   * conditions (clean; camera JPEG 75-95; camera JPEG then JPEG 90), 240 images: 0.5729, rounded to
   * 0.573. At it 12 of the 240 lie above (5 %): none of the photos, and of the textures 2 of 40 clean
   * (5 %), 5 of 40 with a camera JPEG (12.5 %), 5 of 40 with a camera JPEG and JPEG 90 (12.5 %). So
   * the false-positive rate is 5 % on that pool, not in every cell, and it is measured on
   * <b>simulated</b> reals: it is <b>not calibrated on GenImage</b> or on any real generated images.
   * Temperature 0.25 as before. A crop too small for the grid is mapped with the first version's
   * mapping instead ({@link #probability(double, int, int)}).
   *
   * @return the grid-tiled configuration
   */
  public static ArtifactScoreConfig gridTiled() {
    return new ArtifactScoreConfig(List.of(2, 4, 8), 1, 6, Channel.LUMA, ResidualFilter.none(),
        true, 512, 0.573, 0.25, PeakMeasure.MAX_OVER_MEDIAN, false, FactorCombination.MAX,
        Tiling.grid(3), false);
  }

  /**
   * The first version's defaults (the score before the study of issue 23): factors 2, 4 and 8; peak
   * window 3x3; background ring out to 6 bins; luma, no residual filter, Hann window; crop to 512;
   * max over median, max over factors; logistic mapping centred on 1.0 with temperature 0.25.
   *
   * @return the first version's configuration
   */
  public static ArtifactScoreConfig firstVersion() {
    return new ArtifactScoreConfig(List.of(2, 4, 8), 1, 6, Channel.LUMA, ResidualFilter.none(),
        true, 512, 1.0, 0.25);
  }

  /**
   * The plain reference of issue 23: luma, 256-pixel centre crop, 3x3 median-filter residual, no
   * window, one spectrum, the log-power at every {@code N/4} grid point (a one-bin peak window) minus
   * the mean log-power of its ring (distances 2 to 4), averaged over the 15 points. The logistic
   * mapping is centred on 0.5 with temperature 0.25 (not calibrated).
   *
   * @return the reference configuration
   */
  public static ArtifactScoreConfig reference() {
    return new ArtifactScoreConfig(List.of(4), 0, 4, Channel.LUMA, ResidualFilter.median3x3(),
        false, 256, 0.5, 0.25, PeakMeasure.LOG_CONTRAST, true, FactorCombination.MEAN, Tiling.none(),
        false);
  }

  /**
   * A builder starting from these settings.
   *
   * @return a builder holding a copy of every component
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The monotone map from a raw score to a probability of being generated: {@code 1 / (1 +
   * exp(-(raw - midpoint) / temperature))}.
   *
   * @param raw a raw score from {@link PeriodicArtifactScore#rawScore}
   * @return the probability in [0, 1]
   */
  public double probability(double raw) {
    if (Double.isNaN(raw)) {
      return 0.5;
    }
    return logistic(raw, midpoint, temperature);
  }

  /**
   * The probability of the raw score of an image of {@code height x width} pixels, as {@link
   * PeriodicArtifactDetector} maps it: {@link #probability(double)}, except for a crop (the image
   * centre-cropped to {@code maxSide}) too small for a {@link Tiling#grid(int) grid} tiling, which is
   * scored on one spectrum and mapped with {@link #ONE_SPECTRUM_MIDPOINT} and {@link
   * #ONE_SPECTRUM_TEMPERATURE} (the first version's mapping; the rule for every grid configuration).
   *
   * @param raw a raw score from {@link PeriodicArtifactDetector#rawScore}
   * @param height the image's height in pixels, positive
   * @param width the image's width in pixels, positive
   * @return the probability in [0, 1]
   * @throws BadArgumentException if a side is not positive
   */
  public double probability(double raw, int height, int width) {
    Checks.positive("height", height);
    Checks.positive("width", width);
    if (tiling instanceof Tiling.Grid && TileLayout.of(tiling, Math.min(height, maxSide),
        Math.min(width, maxSide), factors, smallestGridTile()).rows() == 1) {
      return Double.isNaN(raw) ? 0.5 : logistic(raw, ONE_SPECTRUM_MIDPOINT, ONE_SPECTRUM_TEMPERATURE);
    }
    return probability(raw);
  }

  /**
   * The smallest tile side a {@link Tiling#grid(int) grid} uses under these settings: at least
   * {@link Tiling#MIN_GRID_TILE} and at least {@code kmax (backgroundRadius + peakRadius + 1)}, with
   * {@code kmax} the largest factor. The positions of factor {@code kmax} lie {@code side / kmax} bins
   * apart, so in a smaller tile the ring around a position would take in its neighbours' peak windows
   * and measure peaks against peaks (with the defaults, 32-px tiles would put the neighbouring x8
   * positions 4 bins away, inside the 6-bin ring). 64 px with the defaults: crops under 128 px get one
   * spectrum.
   *
   * @return the smallest grid tile side in pixels
   */
  public int smallestGridTile() {
    return smallestGridTile(factors, peakRadius, backgroundRadius);
  }

  // Static because the compact constructor checks it before the fields are assigned.
  private static int smallestGridTile(List<Integer> factors, int peakRadius, int backgroundRadius) {
    return Math.max(Tiling.MIN_GRID_TILE,
        Collections.max(factors) * (backgroundRadius + peakRadius + 1));
  }

  private static double logistic(double raw, double midpoint, double temperature) {
    return 1.0 / (1.0 + Math.exp(-(raw - midpoint) / temperature));
  }

  /** Changes some components of a configuration; {@link #build()} validates them all. */
  public static final class Builder {
    private List<Integer> factors;
    private int peakRadius;
    private int backgroundRadius;
    private Channel channel;
    private ResidualFilter residual;
    private boolean hannWindow;
    private int maxSide;
    private double midpoint;
    private double temperature;
    private PeakMeasure peakMeasure;
    private boolean allGridPoints;
    private FactorCombination combination;
    private Tiling tiling;
    private boolean colourPowerSum;

    private Builder(ArtifactScoreConfig c) {
      factors = c.factors;
      peakRadius = c.peakRadius;
      backgroundRadius = c.backgroundRadius;
      channel = c.channel;
      residual = c.residual;
      hannWindow = c.hannWindow;
      maxSide = c.maxSide;
      midpoint = c.midpoint;
      temperature = c.temperature;
      peakMeasure = c.peakMeasure;
      allGridPoints = c.allGridPoints;
      combination = c.combination;
      tiling = c.tiling;
      colourPowerSum = c.colourPowerSum;
    }

    /**
     * Sets the factors.
     *
     * @param value see {@link ArtifactScoreConfig#factors()}
     * @return this builder
     */
    public Builder factors(List<Integer> value) {
      factors = value;
      return this;
    }

    /**
     * Sets the peak window's half-width and the ring's outer half-width.
     *
     * @param peak see {@link ArtifactScoreConfig#peakRadius()}
     * @param background see {@link ArtifactScoreConfig#backgroundRadius()}
     * @return this builder
     */
    public Builder radii(int peak, int background) {
      peakRadius = peak;
      backgroundRadius = background;
      return this;
    }

    /**
     * Sets the channel.
     *
     * @param value see {@link ArtifactScoreConfig#channel()}
     * @return this builder
     */
    public Builder channel(Channel value) {
      channel = value;
      return this;
    }

    /**
     * Sets the residual filter.
     *
     * @param value see {@link ArtifactScoreConfig#residual()}
     * @return this builder
     */
    public Builder residual(ResidualFilter value) {
      residual = value;
      return this;
    }

    /**
     * Sets the window.
     *
     * @param value see {@link ArtifactScoreConfig#hannWindow()}
     * @return this builder
     */
    public Builder hannWindow(boolean value) {
      hannWindow = value;
      return this;
    }

    /**
     * Sets the crop side.
     *
     * @param value see {@link ArtifactScoreConfig#maxSide()}
     * @return this builder
     */
    public Builder maxSide(int value) {
      maxSide = value;
      return this;
    }

    /**
     * Sets the logistic mapping.
     *
     * @param mid see {@link ArtifactScoreConfig#midpoint()}
     * @param temp see {@link ArtifactScoreConfig#temperature()}
     * @return this builder
     */
    public Builder mapping(double mid, double temp) {
      midpoint = mid;
      temperature = temp;
      return this;
    }

    /**
     * Sets the peak measure.
     *
     * @param value see {@link ArtifactScoreConfig#peakMeasure()}
     * @return this builder
     */
    public Builder peakMeasure(PeakMeasure value) {
      peakMeasure = value;
      return this;
    }

    /**
     * Sets whether divisors' positions count.
     *
     * @param value see {@link ArtifactScoreConfig#allGridPoints()}
     * @return this builder
     */
    public Builder allGridPoints(boolean value) {
      allGridPoints = value;
      return this;
    }

    /**
     * Sets the combination of factors.
     *
     * @param value see {@link ArtifactScoreConfig#combination()}
     * @return this builder
     */
    public Builder combination(FactorCombination value) {
      combination = value;
      return this;
    }

    /**
     * Sets the tiling.
     *
     * @param value see {@link ArtifactScoreConfig#tiling()}
     * @return this builder
     */
    public Builder tiling(Tiling value) {
      tiling = value;
      return this;
    }

    /**
     * Sets whether the colour planes' spectra are summed.
     *
     * @param value see {@link ArtifactScoreConfig#colourPowerSum()}
     * @return this builder
     */
    public Builder colourPowerSum(boolean value) {
      colourPowerSum = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the configuration
     * @throws BadArgumentException for a value outside its range
     */
    public ArtifactScoreConfig build() {
      return new ArtifactScoreConfig(factors, peakRadius, backgroundRadius, channel, residual,
          hannWindow, maxSide, midpoint, temperature, peakMeasure, allGridPoints, combination,
          tiling, colourPowerSum);
    }
  }
}
