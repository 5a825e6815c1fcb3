package org.genimage.degrade;

import java.util.random.RandomGenerator;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/**
 * Mirrors the image left to right with probability {@code p}, as torchvision's
 * {@code RandomHorizontalFlip(p)}: one {@link RandomGenerator#nextDouble()} draw per image, flipped when
 * it is below {@code p}. With {@code p = 1} it always flips and is deterministic.
 */
public final class HorizontalFlip implements ImageTransform {
  private final double probability;

  /**
   * Creates the transform.
   *
   * @param probability the flip probability, 0..1
   * @throws org.genimage.api.BadArgumentException if it is outside [0, 1]
   */
  public HorizontalFlip(double probability) {
    this.probability = Checks.probability("probability", probability);
  }

  /**
   * A flip that always happens.
   *
   * @return the transform
   */
  public static HorizontalFlip always() {
    return new HorizontalFlip(1.0);
  }

  @Override
  public RgbImage apply(RgbImage image, RandomGenerator random) {
    Checks.notNull("image", image);
    if (probability < 1.0) {
      Checks.notNull("random", random);
      if (!(random.nextDouble() < probability)) {
        return image;
      }
    }
    return flip(image);
  }

  /**
   * Mirrors an image left to right.
   *
   * @param image the input
   * @return the mirrored image
   */
  public static RgbImage flip(RgbImage image) {
    int w = image.width();
    int h = image.height();
    byte[] in = Scratch.get().input(image);
    byte[] out = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      int row = 3 * y * w;
      for (int x = 0; x < w; x++) {
        int s = row + 3 * x;
        int d = row + 3 * (w - 1 - x);
        out[d] = in[s];
        out[d + 1] = in[s + 1];
        out[d + 2] = in[s + 2];
      }
    }
    return RgbImage.wrap(w, h, out);
  }

  @Override
  public String description() {
    return "horizontalFlip(p=" + probability + ")";
  }

  @Override
  public boolean isRandom() {
    return probability > 0.0 && probability < 1.0;
  }

  @Override
  public String toString() {
    return description();
  }
}
