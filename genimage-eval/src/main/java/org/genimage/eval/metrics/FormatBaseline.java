package org.genimage.eval.metrics;

import java.util.Locale;
import java.util.Optional;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ImageFormat.Compression;
import org.genimage.api.internal.Checks;

/**
 * The ROC AUC of a trivial detector that looks at the file format only: score 1 for a lossless
 * image (PNG, BMP), 0 for a lossy one (JPEG), 0.5 when the format does not tell (WebP, unknown).
 * On GenImage, where every real is a JPEG and every fake a PNG, it reaches 1.0: a detector's AUC
 * means little beside it ("Fake or JPEG?", Grommelt et al. 2024). It exists only where the test set
 * holds images of at least two of the three kinds (lossless, lossy, undetermined such as WebP: JPEG
 * reals against WebP fakes separate too) and both classes; elsewhere the format cannot separate
 * anything and {@link #of} returns empty.
 *
 * <p>A format that marks the reals instead (reals PNG, fakes JPEG) gives an AUC near 0 and is as
 * strong a shortcut, so the warning looks at {@link #separation()}, {@code max(AUC, 1 - AUC)}.
 *
 * @param realLossless real images in a lossless format
 * @param realLossy real images in a lossy format
 * @param fakeLossless fake images in a lossless format
 * @param fakeLossy fake images in a lossy format
 * @param unknown images whose format does not tell (scored 0.5)
 * @param rocAuc the baseline's ROC AUC (ties count one half, as in {@link RocAuc})
 * @param interval its bootstrap interval, drawn with the evaluation's seed and replicates and so
 *     from the same resamples as the detector's intervals; empty when no bootstrap was asked for
 */
public record FormatBaseline(int realLossless, int realLossy, int fakeLossless, int fakeLossy,
    int unknown, double rocAuc, Optional<ConfidenceInterval> interval) {
  /** The {@link #separation()} from which reports warn that the format alone separates the classes. */
  public static final double WARNING_SEPARATION = 0.9;

  /**
   * Validates the components.
   *
   * @throws BadArgumentException for a negative count, an AUC outside [0, 1] or a null interval
   */
  public FormatBaseline {
    Checks.nonNegative("realLossless", realLossless);
    Checks.nonNegative("realLossy", realLossy);
    Checks.nonNegative("fakeLossless", fakeLossless);
    Checks.nonNegative("fakeLossy", fakeLossy);
    Checks.nonNegative("unknown", unknown);
    if (!(rocAuc >= 0 && rocAuc <= 1)) {
      throw new BadArgumentException("rocAuc", rocAuc, "[0, 1]");
    }
    Checks.notNull("interval", interval);
  }

  /**
   * The baseline of a set of images, when their formats can separate anything.
   *
   * @param labels 0 (REAL) or 1 (FAKE) per image
   * @param compression the compression of each image's format, same length (see {@code
   *     org.genimage.api.BiasControl#loadedFormat})
   * @param options the bootstrap settings (the threshold plays no part)
   * @return the baseline, or empty when the images are all of one kind (lossless, lossy, undetermined) or not of both
   *     classes
   * @throws BadArgumentException for different lengths, no images, a label other than 0 or 1, or a
   *     null compression
   */
  public static Optional<FormatBaseline> of(int[] labels, Compression[] compression,
      EvaluationOptions options) {
    Checks.notNull("compression", compression);
    Checks.notNull("options", options);
    double[] scores = scores(compression);
    MetricInputs.check(labels, scores);
    int[][] counts = new int[2][3];
    for (int i = 0; i < labels.length; i++) {
      counts[labels[i]][compression[i].ordinal()]++;
    }
    int kinds = 0;
    for (Compression k : Compression.values()) {
      kinds += counts[0][k.ordinal()] + counts[1][k.ordinal()] > 0 ? 1 : 0;
    }
    double auc = RocAuc.of(labels, scores);
    if (kinds < 2 || Double.isNaN(auc)) {
      return Optional.empty();
    }
    Optional<ConfidenceInterval> ci = Bootstrap.rocAucInterval(labels, scores, options);
    return Optional.of(new FormatBaseline(counts[0][Compression.LOSSLESS.ordinal()],
        counts[0][Compression.LOSSY.ordinal()], counts[1][Compression.LOSSLESS.ordinal()],
        counts[1][Compression.LOSSY.ordinal()], counts[0][Compression.UNKNOWN.ordinal()]
        + counts[1][Compression.UNKNOWN.ordinal()], auc, ci));
  }

  /**
   * The baseline's scores: 1 for lossless, 0 for lossy, 0.5 for unknown.
   *
   * @param compression the compression per image
   * @return the score per image
   * @throws BadArgumentException for a null array or element
   */
  public static double[] scores(Compression[] compression) {
    Checks.notNull("compression", compression);
    double[] s = new double[compression.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = switch (Checks.notNull("compression[" + i + "]", compression[i])) {
        case LOSSLESS -> 1;
        case LOSSY -> 0;
        case UNKNOWN -> 0.5;
      };
    }
    return s;
  }

  /**
   * How well the format alone separates the classes, whichever class it marks.
   *
   * @return {@code max(AUC, 1 - AUC)}, in [0.5, 1]
   */
  public double separation() {
    return Math.max(rocAuc, 1 - rocAuc);
  }

  /**
   * Whether the format alone separates real from fake well enough for a warning: {@link
   * #separation()} at least {@value #WARNING_SEPARATION}.
   *
   * @return true when reports warn
   */
  public boolean formatSeparates() {
    return separation() >= WARNING_SEPARATION;
  }

  /**
   * The warning reports print where {@link #formatSeparates()}.
   *
   * @return e.g. "file format alone separates real from fake here (format-only AUC 1.000; reals: 50
   *     lossy, 0 lossless; fakes: 0 lossy, 50 lossless)", or empty when the format does not
   *     separate them
   */
  public Optional<String> warning() {
    if (!formatSeparates()) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "file format alone separates real from fake here"
        + " (format-only AUC %.3f; reals: %d lossy, %d lossless; fakes: %d lossy, %d lossless)",
        rocAuc, realLossy, realLossless, fakeLossy, fakeLossless));
  }
}
