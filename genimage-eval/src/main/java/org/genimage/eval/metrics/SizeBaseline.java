package org.genimage.eval.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.genimage.api.BiasControl;
import org.genimage.api.BiasControl.SizeBand;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * The ROC AUC of a trivial detector that looks at the image size only: its score is the pixel count
 * (width x height), larger meaning more likely fake. On GenImage every generator's fakes are of one
 * size (BigGAN 128x128, ADM 256x256, Stable Diffusion 512x512...) while the ImageNet reals vary, so a
 * detector can score well by size alone; beside this baseline its AUC says how much more it learned.
 * It exists only where the scored images have at least two distinct sizes (width and height) and
 * both classes; elsewhere the size cannot separate anything and {@link #of} returns empty.
 *
 * <p>A lower bound on what the size tells, not a measure of it: the score is monotone in the pixel
 * count, so it catches "the fakes are the larger (or the smaller)" only. Fakes of one exact size
 * among reals both smaller and larger (what a size band of the bias control produces) give an AUC
 * near 0.5 although the exact size separates them perfectly: 0.5 does not mean the size is
 * uninformative. {@link ClassSizes#sharedSizeImages()} gives that second view: how many of a
 * class's images have an exact size the other class also has (none: a lookup of the size separates
 * them).
 *
 * <p>Small fakes among large reals give an AUC near 0 and are as strong a shortcut, so the warning
 * looks at {@link #separation()}, {@code max(AUC, 1 - AUC)}, as {@link FormatBaseline}'s does.
 *
 * @param real the sizes of the real images
 * @param fake the sizes of the fake images
 * @param rocAuc the baseline's ROC AUC (equal pixel counts tie and count one half, as in {@link
 *     RocAuc})
 * @param interval its bootstrap interval, drawn with the evaluation's seed and replicates and so
 *     from the same resamples as the detector's intervals; empty when no bootstrap was asked for
 */
public record SizeBaseline(ClassSizes real, ClassSizes fake, double rocAuc,
    Optional<ConfidenceInterval> interval) {
  /** The {@link #separation()} from which reports warn that the size alone separates the classes. */
  public static final double WARNING_SEPARATION = 0.9;

  /**
   * What the images of one class measure.
   *
   * @param images the number of images
   * @param distinctSizes how many distinct sizes (width and height) they have
   * @param mostCommonWidth the width of their most common size (ties: the one of fewer pixels, then
   *     the narrower)
   * @param mostCommonHeight its height
   * @param mostCommonCount how many images have that size
   * @param minPixels the smallest pixel count
   * @param maxPixels the largest pixel count
   * @param sharedSizeImages how many of the images have an exact size (width and height) that some
   *     image of the other class also has
   */
  public record ClassSizes(int images, int distinctSizes, int mostCommonWidth,
      int mostCommonHeight, int mostCommonCount, long minPixels, long maxPixels,
      int sharedSizeImages) {
    /**
     * Validates the components.
     *
     * @throws BadArgumentException for counts or sizes that cannot describe a non-empty class
     */
    public ClassSizes {
      Checks.positive("images", images);
      Checks.inRange("distinctSizes", distinctSizes, 1, images);
      Checks.positive("mostCommonWidth", mostCommonWidth);
      Checks.positive("mostCommonHeight", mostCommonHeight);
      Checks.inRange("mostCommonCount", mostCommonCount, 1, images);
      if (minPixels <= 0 || maxPixels < minPixels) {
        throw new BadArgumentException("minPixels", "pixel counts " + minPixels + " to "
            + maxPixels + ": both positive, the smallest first");
      }
      Checks.inRange("sharedSizeImages", sharedSizeImages, 0, images);
    }

    /**
     * The most common size as text.
     *
     * @return e.g. {@code "128x128"}
     */
    public String mostCommonSize() {
      return mostCommonWidth + "x" + mostCommonHeight;
    }

    /**
     * The exact-size overlap: the share of the images whose exact size the other class also has.
     * Near 0 the exact size separates the classes whatever the AUC says.
     *
     * @return {@link #sharedSizeImages()} / {@link #images()}, in [0, 1]
     */
    public double sharedSizeShare() {
      return (double) sharedSizeImages / images;
    }
  }

  /**
   * Validates the components.
   *
   * @throws BadArgumentException for a null component or an AUC outside [0, 1]
   */
  public SizeBaseline {
    Checks.notNull("real", real);
    Checks.notNull("fake", fake);
    if (!(rocAuc >= 0 && rocAuc <= 1)) {
      throw new BadArgumentException("rocAuc", rocAuc, "[0, 1]");
    }
    Checks.notNull("interval", interval);
  }

  /**
   * The baseline of a set of images, when their sizes can separate anything.
   *
   * @param labels 0 (REAL) or 1 (FAKE) per image
   * @param widths the width of each image, same length
   * @param heights the height of each image, same length
   * @param options the bootstrap settings (the threshold plays no part)
   * @return the baseline, or empty when every image has the same size or the images are not of
   *     both classes
   * @throws BadArgumentException for different lengths, no images, a label other than 0 or 1, or a
   *     size that is not positive
   */
  public static Optional<SizeBaseline> of(int[] labels, int[] widths, int[] heights,
      EvaluationOptions options) {
    Checks.notNull("options", options);
    double[] scores = scores(widths, heights);
    MetricInputs.check(labels, scores);
    double auc = RocAuc.of(labels, scores);
    if (Double.isNaN(auc) || !twoSizes(widths, heights)) {
      return Optional.empty();
    }
    Optional<ConfidenceInterval> ci = Bootstrap.rocAucInterval(labels, scores, options);
    Set<Long> realSizes = sizeKeys(labels, widths, heights, 0);
    Set<Long> fakeSizes = sizeKeys(labels, widths, heights, 1);
    return Optional.of(new SizeBaseline(sizes(labels, widths, heights, 0, fakeSizes),
        sizes(labels, widths, heights, 1, realSizes), auc, ci));
  }

  /**
   * The baseline's scores: each image's pixel count.
   *
   * @param widths the widths
   * @param heights the heights, same length
   * @return {@code width * height} per image (exact: pixel counts are far below 2^53)
   * @throws BadArgumentException for null arrays, different lengths or a size that is not positive
   */
  public static double[] scores(int[] widths, int[] heights) {
    Checks.notNull("widths", widths);
    Checks.notNull("heights", heights);
    if (widths.length != heights.length) {
      throw new BadArgumentException("heights", "has " + heights.length + " values for "
          + widths.length + " widths; they must have the same length");
    }
    double[] s = new double[widths.length];
    for (int i = 0; i < s.length; i++) {
      if (widths[i] <= 0 || heights[i] <= 0) {
        throw new BadArgumentException("widths", "image " + i + " has size " + widths[i] + "x"
            + heights[i] + "; sizes are positive");
      }
      s[i] = (double) widths[i] * heights[i];
    }
    return s;
  }

  private static boolean twoSizes(int[] widths, int[] heights) {
    for (int i = 1; i < widths.length; i++) {
      if (widths[i] != widths[0] || heights[i] != heights[0]) {
        return true;
      }
    }
    return false;
  }

  /** Width and height in one key, the width in the high half. */
  private static long key(int width, int height) {
    return (long) width << 32 | height;
  }

  private static Set<Long> sizeKeys(int[] labels, int[] widths, int[] heights, int label) {
    Set<Long> keys = new HashSet<>();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == label) {
        keys.add(key(widths[i], heights[i]));
      }
    }
    return keys;
  }

  private static ClassSizes sizes(int[] labels, int[] widths, int[] heights, int label,
      Set<Long> otherSizes) {
    Map<Long, Integer> count = new HashMap<>();
    int images = 0;
    int shared = 0;
    long min = Long.MAX_VALUE;
    long max = 0;
    long common = -1;
    int commonCount = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != label) {
        continue;
      }
      images++;
      long pixels = (long) widths[i] * heights[i];
      min = Math.min(min, pixels);
      max = Math.max(max, pixels);
      long key = key(widths[i], heights[i]);
      if (otherSizes.contains(key)) {
        shared++;
      }
      int c = count.merge(key, 1, Integer::sum);
      if (c > commonCount || c == commonCount && before(key, common)) {
        common = key;
        commonCount = c;
      }
    }
    return new ClassSizes(images, count.size(), (int) (common >>> 32), (int) common, commonCount,
        min, max, shared);
  }

  /** Among equally common sizes the one of fewer pixels, then the narrower, so reports are stable. */
  private static boolean before(long key, long other) {
    long pixels = (key >>> 32) * (int) key;
    long otherPixels = (other >>> 32) * (int) other;
    return pixels < otherPixels || pixels == otherPixels && key < other;
  }

  /**
   * How well the size alone separates the classes, whichever class is the larger.
   *
   * @return {@code max(AUC, 1 - AUC)}, in [0.5, 1]
   */
  public double separation() {
    return Math.max(rocAuc, 1 - rocAuc);
  }

  /**
   * Whether the size alone separates real from fake well enough for a warning: {@link
   * #separation()} at least {@value #WARNING_SEPARATION}.
   *
   * @return true when reports warn
   */
  public boolean sizeSeparates() {
    return separation() >= WARNING_SEPARATION;
  }

  /**
   * The warning reports print where {@link #sizeSeparates()}, with advice that depends on the run's
   * bias control: without a size band, to compare under one; with one, that the size separates the
   * classes even so, and how to narrow the band (the option keeps the control's other items).
   *
   * @param control the bias control the run's datasets were loaded under
   * @return e.g. "image size alone separates real from fake here (size-only AUC 0.000, the fakes
   *     are the smaller; reals: 8 images of 1 size, most often 96x96 (8), 9216 to 9216 pixels;
   *     fakes: ...); compare under the size bias control (--bias-control size), ...", or empty when
   *     the size does not separate them
   */
  public Optional<String> warning(BiasControl control) {
    Checks.notNull("control", control);
    if (!sizeSeparates()) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "image size alone separates real from fake here"
        + " (size-only AUC %.3f, the fakes are the %s; reals: %s; fakes: %s); %s", rocAuc,
        rocAuc >= 0.5 ? "larger" : "smaller", describe(real), describe(fake), advice(control)));
  }

  private String advice(BiasControl control) {
    if (control.sizeBand().isEmpty()) {
      return "compare under the size bias control (--bias-control "
          + control.withSizeBand(SizeBand.ofGenerator()).text() + "), which keeps only reals of"
          + " about the fakes' size";
    }
    SizeBand band = control.sizeBand().get();
    String kept = band.aroundGenerator()
        ? "sides in [n/2, 2n] of the generator's side n, a 16x range of pixel counts"
        : "sides in [" + band.min() + ", " + band.max() + "]";
    String s = "it separates them even under this run's size control (" + band.text()
        + ": reals with " + kept + ")";
    // A band of three quarters to four thirds of the fakes' common side, within the current one.
    int lo = Math.max(1, Math.min(fake.mostCommonWidth(), fake.mostCommonHeight()) * 3 / 4);
    int hi = Math.max(fake.mostCommonWidth(), fake.mostCommonHeight()) * 4 / 3;
    if (!band.aroundGenerator()) {
      lo = Math.max(lo, band.min());
      hi = Math.min(hi, band.max());
    }
    if (lo <= hi && (band.aroundGenerator() || lo != band.min() || hi != band.max())) {
      return s + "; narrow the band around the fakes' size (most often " + fake.mostCommonSize()
          + "), e.g. --bias-control " + control.withSizeBand(SizeBand.between(lo, hi)).text();
    }
    return s + "; the band is already close to the fakes' size (most often "
        + fake.mostCommonSize() + "): the remaining reals differ in size from the fakes all the"
        + " same, so read the detector's AUC as possibly measuring the size";
  }

  private static String describe(ClassSizes s) {
    return String.format(Locale.ROOT, "%d images of %d size%s, most often %s (%d), %d to %d pixels",
        s.images(), s.distinctSizes(), s.distinctSizes() == 1 ? "" : "s", s.mostCommonSize(),
        s.mostCommonCount(), s.minPixels(), s.maxPixels());
  }
}
