package org.genimage.degrade;

import java.util.random.RandomGenerator;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/**
 * Crops the centre {@code width x height} window, as torchvision 0.14's {@code CenterCrop}: the
 * window's top-left corner is {@code (int) round((W - width) / 2.0)}, {@code (int) round((H - height)
 * / 2.0)} (Python rounds half to even), and an image smaller than the window is padded with black
 * around it first (torchvision pads {@code (crop - size) // 2} before, the rest after).
 */
public final class CenterCrop implements ImageTransform {
  private final int width;
  private final int height;

  /**
   * Creates the transform.
   *
   * @param width the window width, at least 1
   * @param height the window height, at least 1
   * @throws org.genimage.api.BadArgumentException if a size is not positive
   */
  public CenterCrop(int width, int height) {
    this.width = Checks.positive("width", width);
    this.height = Checks.positive("height", height);
  }

  @Override
  public RgbImage apply(RgbImage image, RandomGenerator random) {
    Checks.notNull("image", image);
    return Crops.window(image, offset(image.width(), width), offset(image.height(), height), width,
        height);
  }

  static int offset(int size, int crop) {
    if (crop > size) {
      return -((crop - size) / 2);
    }
    return (int) Math.rint((size - crop) / 2.0);
  }

  @Override
  public String description() {
    return "centerCrop(width=" + width + ", height=" + height + ")";
  }

  @Override
  public String toString() {
    return description();
  }
}
