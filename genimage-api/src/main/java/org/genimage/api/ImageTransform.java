package org.genimage.api;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.genimage.api.internal.Checks;

/**
 * A function from image to image: a degradation (JPEG, blur, down-sampling), an augmentation (random
 * crop, flip) or a detector-independent preprocessing step.
 *
 * <p>Randomness is passed in, never hidden: a random transform draws only from the generator it is
 * given, so a caller that derives one generator per sample (see {@link #randomFor(long, String)})
 * gets the same output for the same sample in every run and on every thread. Deterministic transforms
 * ignore the generator.
 *
 * <p>Every transform describes itself in {@link #description()} (for example
 * {@code "jpeg(quality=30, subsampling=4:2:0)"}), and that text is what reports record.
 */
public interface ImageTransform {
  /**
   * Applies the transform.
   *
   * @param image the input, never modified
   * @param random the source of randomness for random transforms
   * @return the output image (may be {@code image} itself for a no-op)
   */
  RgbImage apply(RgbImage image, RandomGenerator random);

  /**
   * Applies a deterministic transform, or a random one with a fixed seed (0).
   *
   * @param image the input
   * @return the output
   */
  default RgbImage apply(RgbImage image) {
    return apply(image, new SplittableRandom(0));
  }

  /**
   * What this transform does, with every parameter, as reports should print it.
   *
   * @return a one-line description
   */
  String description();

  /**
   * Whether the output depends on the random generator.
   *
   * @return true for random transforms
   */
  default boolean isRandom() {
    return false;
  }

  /**
   * This transform followed by another.
   *
   * @param next the transform applied to this one's output
   * @return the composition
   */
  default ImageTransform andThen(ImageTransform next) {
    return compose(List.of(this, next));
  }

  /**
   * The transform that returns its input.
   *
   * @return the identity
   */
  static ImageTransform identity() {
    return ComposedTransform.IDENTITY;
  }

  /**
   * Applies transforms in order.
   *
   * @param steps the transforms, first applied first
   * @return their composition ({@link #identity()} for an empty list)
   */
  static ImageTransform compose(List<ImageTransform> steps) {
    return ComposedTransform.of(steps);
  }

  /**
   * A random generator for one sample, derived from a run's seed and the sample's id, so that random
   * transforms give the same result for a sample whatever the order or thread it is processed in.
   *
   * @param seed the run's seed
   * @param sampleId the sample's {@link Sample#id()}
   * @return a new generator
   */
  static RandomGenerator randomFor(long seed, String sampleId) {
    Checks.notNull("sampleId", sampleId);
    long h = seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < sampleId.length(); i++) {
      h = (h ^ sampleId.charAt(i)) * 0x100000001B3L;
    }
    return new SplittableRandom(h);
  }
}
