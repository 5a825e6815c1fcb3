package org.genimage.degrade;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/**
 * CNNSpot's "Blur+JPEG" augmentation (Wang et al. 2020, CNNDetection {@code data_augment}), seeded and
 * reproducible.
 *
 * <p>Per image, drawing from the given generator in CNNSpot's order: one {@code nextDouble()}; if it
 * is below the blur probability, sigma is drawn uniformly from {@code [sigmaMin, sigmaMax)} (one more
 * {@code nextDouble()}, none if the range is a single value) and the image is blurred as
 * {@code scipy.ndimage.gaussian_filter} per channel ({@link GaussianBlur#scipyBlur}). Then one
 * {@code nextDouble()}; if below the JPEG probability, an encoder is chosen from the list
 * ({@code nextInt(n)}, no draw for a single entry), then a quality from the list the same way (CNNSpot's
 * {@code sample_discrete}: with "30,100" the quality is 30 or 100, never in between), and the image is
 * JPEG round-tripped with 4:2:0 subsampling ({@link JpegCompression}). The encoders are modelled
 * identically (see {@link JpegEncoder}: OpenCV and Pillow both use libjpeg's scaled standard tables and
 * 4:2:0), but the draw is kept so the random stream matches CNNSpot's.
 *
 * <p>Presets: {@link #cnnSpot(double)} with 0.5 or 0.1 (the paper's "Blur+JPEG (0.5)" and "(0.1)");
 * {@link #cnnSpotValidation(double)}, CNNSpot's validation options (sigma fixed at the middle of the
 * range, 1.5; quality the middle of the list, {@code int((30 + 100) / 2) = 65}; encoder Pillow only;
 * the same probabilities); and, as a documented extension that CNNSpot does not have,
 * {@link Builder#uniformQuality(int, int)}, which draws the quality uniformly from an inclusive range.
 */
public final class BlurJpegAugmentation implements ImageTransform {
  private final double blurProbability;
  private final double sigmaMin;
  private final double sigmaMax;
  private final double jpegProbability;
  private final List<JpegEncoder> encoders;
  private final List<Integer> qualities;
  private final int qualityMin;
  private final int qualityMax;
  private final JpegCompression.Divisors[][] tables = new JpegCompression.Divisors[101][];

  private BlurJpegAugmentation(Builder b) {
    this.blurProbability = Checks.probability("blurProbability", b.blurProbability);
    Checks.inRange("sigmaMin", b.sigmaMin, 0.0, GaussianBlur.MAX_SIGMA);
    Checks.inRange("sigmaMax", b.sigmaMax, b.sigmaMin, GaussianBlur.MAX_SIGMA);
    this.sigmaMin = b.sigmaMin;
    this.sigmaMax = b.sigmaMax;
    this.jpegProbability = Checks.probability("jpegProbability", b.jpegProbability);
    this.encoders = List.copyOf(Checks.notEmpty("encoders", b.encoders));
    if (b.qualities != null) {
      Checks.notEmpty("qualities", b.qualities);
      for (Integer q : b.qualities) {
        Checks.notNull("qualities[i]", q);
        Checks.inRange("qualities[i]", q, 1, 100);
      }
      this.qualities = List.copyOf(b.qualities);
      this.qualityMin = 0;
      this.qualityMax = 0;
    } else {
      this.qualities = null;
      this.qualityMin = Checks.inRange("qualityMin", b.qualityMin, 1, 100);
      this.qualityMax = Checks.inRange("qualityMax", b.qualityMax, b.qualityMin, 100);
    }
    for (int q = 1; q <= 100; q++) {
      if (qualities == null ? q >= qualityMin && q <= qualityMax : qualities.contains(q)) {
        tables[q] = new JpegCompression.Divisors[] {
          new JpegCompression.Divisors(JpegQuantTables.luminance(q)),
          new JpegCompression.Divisors(JpegQuantTables.chrominance(q))
        };
      }
    }
  }

  /**
   * CNNSpot's training augmentation: blur and JPEG each with probability {@code p}, sigma uniform in
   * [0, 3], encoder from {OpenCV, Pillow}, quality from the list {30, 100}.
   *
   * @param probability 0.5 or 0.1 in the paper; any value in [0, 1]
   * @return the transform
   * @throws BadArgumentException if the probability is outside [0, 1]
   */
  public static BlurJpegAugmentation cnnSpot(double probability) {
    return builder().blurProbability(probability).jpegProbability(probability).build();
  }

  /**
   * CNNSpot's validation augmentation: sigma 1.5, quality 65, Pillow, each applied with probability
   * {@code p} (CNNSpot keeps the training probabilities for validation).
   *
   * @param probability the probability of each step, in [0, 1]
   * @return the transform
   * @throws BadArgumentException if the probability is outside [0, 1]
   */
  public static BlurJpegAugmentation cnnSpotValidation(double probability) {
    return builder().blurProbability(probability).jpegProbability(probability)
        .sigma(1.5, 1.5).encoders(List.of(JpegEncoder.PILLOW)).qualities(List.of(65)).build();
  }

  /**
   * A builder starting from CNNSpot's defaults (probabilities 0.5, sigma [0, 3], both encoders,
   * qualities {30, 100}).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public RgbImage apply(RgbImage image, RandomGenerator random) {
    Checks.notNull("image", image);
    Checks.notNull("random", random);
    RgbImage out = image;
    if (random.nextDouble() < blurProbability) {
      double sigma = sigmaMin == sigmaMax
          ? sigmaMin : random.nextDouble() * (sigmaMax - sigmaMin) + sigmaMin;
      out = GaussianBlur.scipyBlur(out, sigma);
    }
    if (random.nextDouble() < jpegProbability) {
      if (encoders.size() > 1) {
        encoders.get(random.nextInt(encoders.size()));
      }
      int quality;
      if (qualities != null) {
        quality = qualities.size() == 1 ? qualities.get(0) : qualities.get(random.nextInt(qualities.size()));
      } else {
        quality = qualityMin + random.nextInt(qualityMax - qualityMin + 1);
      }
      JpegCompression.Divisors[] t = tables[quality];
      out = JpegCompression.roundTrip(out, t[0], t[1], ChromaSubsampling.S420);
    }
    return out;
  }

  @Override
  public String description() {
    String sigma = sigmaMin == sigmaMax ? "sigma=" + sigmaMin : "sigma=U[" + sigmaMin + ", " + sigmaMax + "]";
    String quality = qualities != null
        ? "quality=choice{" + qualities.stream().map(String::valueOf).collect(Collectors.joining(","))
            + "}"
        : "quality=U{" + qualityMin + ".." + qualityMax + "}";
    return "blurJpeg(blurProbability=" + blurProbability + ", " + sigma
        + " (SciPy gaussian_filter), jpegProbability=" + jpegProbability + ", encoder=choice{"
        + encoders.stream().map(JpegEncoder::label).collect(Collectors.joining(",")) + "}, "
        + quality + ", subsampling=4:2:0)";
  }

  @Override
  public boolean isRandom() {
    return blurProbability > 0 || jpegProbability > 0;
  }

  @Override
  public String toString() {
    return description();
  }

  /** Options of {@link BlurJpegAugmentation}; validated by {@link #build()}. */
  public static final class Builder {
    private double blurProbability = 0.5;
    private double sigmaMin = 0.0;
    private double sigmaMax = 3.0;
    private double jpegProbability = 0.5;
    private List<JpegEncoder> encoders = List.of(JpegEncoder.OPENCV, JpegEncoder.PILLOW);
    private List<Integer> qualities = List.of(30, 100);
    private int qualityMin;
    private int qualityMax;

    private Builder() {}

    /**
     * The blur probability.
     *
     * @param p in [0, 1]
     * @return this builder
     */
    public Builder blurProbability(double p) {
      this.blurProbability = p;
      return this;
    }

    /**
     * The sigma range; equal bounds fix sigma.
     *
     * @param min the smallest sigma, at least 0
     * @param max the largest sigma, at least {@code min}
     * @return this builder
     */
    public Builder sigma(double min, double max) {
      this.sigmaMin = min;
      this.sigmaMax = max;
      return this;
    }

    /**
     * The JPEG probability.
     *
     * @param p in [0, 1]
     * @return this builder
     */
    public Builder jpegProbability(double p) {
      this.jpegProbability = p;
      return this;
    }

    /**
     * The encoders to choose from.
     *
     * @param list a non-empty list
     * @return this builder
     */
    public Builder encoders(List<JpegEncoder> list) {
      this.encoders = list;
      return this;
    }

    /**
     * The qualities to choose from (CNNSpot's list semantics).
     *
     * @param list a non-empty list of values in 1..100
     * @return this builder
     */
    public Builder qualities(List<Integer> list) {
      this.qualities = list;
      return this;
    }

    /**
     * Draws the quality uniformly from {@code min..max} inclusive instead of from a list (an
     * extension; CNNSpot itself only chooses from a list).
     *
     * @param min the lowest quality, 1..100
     * @param max the highest quality, min..100
     * @return this builder
     */
    public Builder uniformQuality(int min, int max) {
      this.qualities = null;
      this.qualityMin = min;
      this.qualityMax = max;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the augmentation
     * @throws BadArgumentException naming the first invalid option
     */
    public BlurJpegAugmentation build() {
      return new BlurJpegAugmentation(this);
    }
  }
}
