package org.genimage.degrade;

import java.util.random.RandomGenerator;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/**
 * Additive Gaussian noise: every channel value gets an independent {@code N(0, sigma^2)} sample (in
 * gray levels), and the sum is rounded half to even and clipped to 0..255, as
 * {@code np.clip(np.rint(img + rng.normal(0, sigma, img.shape)), 0, 255).astype(np.uint8)} would do.
 * The samples come from the generator passed to {@link #apply(RgbImage, RandomGenerator)}, in pixel
 * order R, G, B, so a seeded generator reproduces the same noise.
 */
public final class GaussianNoise implements ImageTransform {
  /** The largest sigma accepted, in gray levels. */
  public static final double MAX_SIGMA = 255.0;

  private final double sigma;

  /**
   * Creates the transform.
   *
   * @param sigma the standard deviation in gray levels, 0..{@value #MAX_SIGMA}
   * @throws org.genimage.api.BadArgumentException if sigma is out of range or not a number
   */
  public GaussianNoise(double sigma) {
    this.sigma = Checks.inRange("sigma", sigma, 0.0, MAX_SIGMA);
  }

  /**
   * The standard deviation.
   *
   * @return sigma in gray levels
   */
  public double sigma() {
    return sigma;
  }

  @Override
  public RgbImage apply(RgbImage image, RandomGenerator random) {
    Checks.notNull("image", image);
    Checks.notNull("random", random);
    if (sigma == 0.0) {
      return image;
    }
    byte[] out = image.toByteArray();
    for (int i = 0; i < out.length; i++) {
      double v = Math.rint((out[i] & 0xFF) + sigma * random.nextGaussian());
      out[i] = (byte) (v < 0 ? 0 : (v > 255 ? 255 : (int) v));
    }
    return RgbImage.wrap(image.width(), image.height(), out);
  }

  @Override
  public String description() {
    return "gaussianNoise(sigma=" + sigma + ", rounding=half-even, clip=0..255)";
  }

  @Override
  public boolean isRandom() {
    return sigma > 0.0;
  }

  @Override
  public String toString() {
    return description();
  }
}
