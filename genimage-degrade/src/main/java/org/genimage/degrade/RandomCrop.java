package org.genimage.degrade;

import java.util.random.RandomGenerator;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/**
 * Crops a {@code width x height} window at a uniformly random position, as torchvision's
 * {@code RandomCrop} (without padding): top drawn from {@code 0..H-height}, then left from
 * {@code 0..W-width}, both with {@link RandomGenerator#nextInt(int)}. An image smaller than the window
 * is rejected, as torchvision does.
 */
public final class RandomCrop implements ImageTransform {
  private final int width;
  private final int height;

  /**
   * Creates the transform.
   *
   * @param width the window width, at least 1
   * @param height the window height, at least 1
   * @throws BadArgumentException if a size is not positive
   */
  public RandomCrop(int width, int height) {
    this.width = Checks.positive("width", width);
    this.height = Checks.positive("height", height);
  }

  /**
   * Applies the crop.
   *
   * @param image the input
   * @param random the source of the position
   * @return the window
   * @throws BadArgumentException if the image is smaller than the window
   */
  @Override
  public RgbImage apply(RgbImage image, RandomGenerator random) {
    Checks.notNull("image", image);
    Checks.notNull("random", random);
    if (image.width() < width || image.height() < height) {
      throw new BadArgumentException("image size", image.width() + "x" + image.height(),
          "at least the crop size " + width + "x" + height);
    }
    int top = random.nextInt(image.height() - height + 1);
    int left = random.nextInt(image.width() - width + 1);
    return Crops.window(image, left, top, width, height);
  }

  @Override
  public String description() {
    return "randomCrop(width=" + width + ", height=" + height + ")";
  }

  @Override
  public boolean isRandom() {
    return true;
  }

  @Override
  public String toString() {
    return description();
  }
}
