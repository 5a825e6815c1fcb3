package org.genimage.detectors.gramnet;

import java.util.random.RandomGenerator;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;
import org.genimage.degrade.ResampleFilter;
import org.genimage.degrade.Resize;

/**
 * GramNet's training augmentation (Liu et al. 2020): each image is resized down to a random square size
 * drawn uniformly from {@code [min, max]} and back up to {@code size x size}, so the network learns
 * texture cues that survive resolution loss (why GramNet keeps 98.8% at 112 px in GenImage's degraded
 * table). Bilinear (Pillow) both ways.
 *
 * @param min smallest intermediate side (64 in the paper)
 * @param max largest intermediate side (256)
 * @param size output side (the network's input size, 512 in the paper)
 */
public record RandomDownUpResize(int min, int max, int size) implements ImageTransform {
  /** Validates. */
  public RandomDownUpResize {
    Checks.positive("min", min);
    Checks.inRange("max", max, min, Integer.MAX_VALUE);
    Checks.positive("size", size);
  }

  /**
   * The paper's setting for a given input size: down to [64, 256].
   *
   * @param size the input size
   * @return the transform
   */
  public static RandomDownUpResize paper(int size) {
    return new RandomDownUpResize(64, 256, size);
  }

  @Override
  public RgbImage apply(RgbImage image, RandomGenerator random) {
    Checks.notNull("image", image);
    int r = min + random.nextInt(max - min + 1);
    RgbImage small = Resize.resize(image, r, r, ResampleFilter.BILINEAR);
    return Resize.resize(small, size, size, ResampleFilter.BILINEAR);
  }

  @Override
  public boolean isRandom() {
    return true;
  }

  @Override
  public String description() {
    return "random-down-up-resize(min=" + min + ", max=" + max + ", size=" + size + ")";
  }
}
