package org.genimage.spectral;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.GenImageVersion;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/**
 * A training-free detector: the probability of being generated is a monotone (logistic) function of
 * the {@link PeriodicArtifactScore} of the image's own power spectrum.
 *
 * <p>Per image: centre-crop to at most {@code maxSide}, take the configured channel (or each colour
 * plane) and residual; for the whole crop, or for each half-overlapping tile of the configured
 * {@link Tiling}, remove the mean, apply the Hann window if configured and take the power spectrum ({@link
 * RealFft2d}, the calling thread's cached plan); sum those spectra, score the sum, map the score with {@link
 * ArtifactScoreConfig#probability(double, int, int)}. Batches are scored in parallel on the common fork-join
 * pool. Thread-safe; holds nothing native, so {@link #close()} does nothing.
 */
public final class PeriodicArtifactDetector implements Detector {
  /** The architecture name reported in {@link DetectorInfo}. */
  public static final String ARCHITECTURE = "spectral-peaks";

  private final ArtifactScoreConfig config;
  private final DetectorInfo info;

  /**
   * Creates a detector.
   *
   * @param config the score settings and the probability mapping
   */
  public PeriodicArtifactDetector(ArtifactScoreConfig config) {
    this.config = Checks.notNull("config", config);
    this.info = new DetectorInfo("periodic-artifact", ARCHITECTURE, 0, 32, true, Map.of(
        "config", config.toString(),
        "trained", "no (training-free)",
        "genimage.version", GenImageVersion.get()), "Java");
  }

  /**
   * A detector with {@link ArtifactScoreConfig#defaults()}.
   *
   * @return the detector
   */
  public static PeriodicArtifactDetector withDefaults() {
    return new PeriodicArtifactDetector(ArtifactScoreConfig.defaults());
  }

  /**
   * The settings.
   *
   * @return the configuration
   */
  public ArtifactScoreConfig config() {
    return config;
  }

  @Override
  public DetectorInfo info() {
    return info;
  }

  /**
   * The raw (unmapped) score of one image.
   *
   * @param image the image
   * @return the raw score; see {@link PeriodicArtifactScore}
   */
  public double rawScore(RgbImage image) {
    Checks.notNull("image", image);
    int h = Math.min(image.height(), config.maxSide());
    int w = Math.min(image.width(), config.maxSide());
    TileLayout layout = TileLayout.of(config.tiling(), h, w, config.factors(),
        config.smallestGridTile());
    int th = layout.height();
    int tw = layout.width();
    float[] plane = new float[h * w];
    float[] residual = new float[h * w];
    float[] piece = new float[th * tw];
    float[] piecePower = new float[th * tw];
    float[] power = new float[th * tw];
    float[] rowWindow = config.hannWindow() ? SpectrumInput.hann(th) : null;
    float[] colWindow = config.hannWindow() ? SpectrumInput.hann(tw) : null;
    RealFft2d fft = RealFft2d.forThread(th, tw);
    Channel[] channels = config.colourPowerSum()
        ? new Channel[] {Channel.RED, Channel.GREEN, Channel.BLUE}
        : new Channel[] {config.channel()};
    for (Channel channel : channels) {
      SpectrumInput.extractCentreCrop(image, channel, h, w, plane);
      // The residual is taken on the whole crop so that tiles have no filter borders inside.
      float[] input = config.residual().apply(plane, h, w, residual);
      for (int i = 0; i < layout.rows(); i++) {
        int top = layout.top() + i * layout.stepRows();
        for (int j = 0; j < layout.cols(); j++) {
          int left = layout.left() + j * layout.stepCols();
          for (int r = 0; r < th; r++) {
            System.arraycopy(input, (top + r) * w + left, piece, r * tw, tw);
          }
          SpectrumInput.subtractMean(piece);
          if (rowWindow != null) {
            SpectrumInput.applyWindow(piece, rowWindow, colWindow);
          }
          fft.fullPower(piece, piecePower);
          for (int b = 0; b < power.length; b++) {
            power[b] += piecePower[b];
          }
        }
      }
    }
    return PeriodicArtifactScore.rawScore(power, th, tw, config);
  }

  /**
   * The probability that one image is generated: its {@link #rawScore} mapped by {@link
   * ArtifactScoreConfig#probability(double, int, int)} (a crop too small for a grid tiling is mapped
   * with the first version's mapping, as its raw score is the first version's).
   *
   * @param image the image
   * @return the probability in [0, 1]
   */
  public double probability(RgbImage image) {
    return config.probability(rawScore(image), image.height(), image.width());
  }

  @Override
  public float[] scoreBatch(List<RgbImage> images) {
    Checks.notNull("images", images);
    for (int i = 0; i < images.size(); i++) {
      Checks.notNull("images[" + i + "]", images.get(i));
    }
    float[] out = new float[images.size()];
    IntStream range = IntStream.range(0, images.size());
    (images.size() > 1 ? range.parallel() : range).forEach(
        i -> out[i] = (float) probability(images.get(i)));
    return out;
  }

  /** Nothing to release: the detector holds no native memory. */
  @Override
  public void close() {}
}
