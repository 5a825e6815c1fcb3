package org.genimage.detectors.npr;

import java.util.Arrays;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.genimage.degrade.ResampleFilter;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.preprocess.PreprocessingStep;

/**
 * NPR's configuration (stored in detector files). The reference ({@code networks/resnet.py} of
 * chuangchuangtan/NPR-DeepfakeDetection) builds {@code resnet50(num_classes=1)} and runs only its stem and its
 * first two stages: {@code width = 64, blocks = [3, 4]}, so layer 2 ends with {@code 8 * width = 512} channels and
 * {@code fc1 = Linear(512, 1)}. Smaller widths and depths are configurations for tests.
 *
 * @param name          display name, e.g. {@code npr}
 * @param width         stem width and layer 1's planes (64); layer 2 has {@code 2 * width} planes
 * @param blocks        bottleneck blocks in layer 1 and layer 2 ({@code [3, 4]})
 * @param preprocessing image preprocessing; its output sides must be even, since the residual pairs pixels two
 *                      by two (the reference fails on odd sizes)
 */
public record NprConfig(String name, int width, int[] blocks, PreprocessingPipeline preprocessing) {
  /** Validates. */
  public NprConfig {
    Checks.notBlank("name", name);
    Checks.inRange("width", width, 1, ReadLimits.MAX_MODEL_WIDTH / 8);
    Checks.notNull("blocks", blocks);
    if (blocks.length != 2) {
      throw new BadArgumentException("blocks.length", blocks.length, "2 (layer 1 and layer 2)");
    }
    for (int i = 0; i < 2; i++) {
      Checks.inRange("blocks[" + i + "]", blocks[i], 1, ReadLimits.MAX_MODEL_BLOCKS);
    }
    blocks = blocks.clone();
    Checks.notNull("preprocessing", preprocessing);
    if (preprocessing.height() % 2 != 0 || preprocessing.width() % 2 != 0) {
      throw new BadArgumentException("preprocessing output", preprocessing.width() + "x" + preprocessing.height(),
          "even sides (the residual compares each pixel with the top-left one of its 2x2 cell)");
    }
  }

  /**
   * The reference network with the reference's evaluation preprocessing ({@code test.py}: the image resized to
   * 256 x 256 whatever its aspect ratio, bilinear as torchvision's {@code Resize((256, 256))} on PIL images, no
   * crop, ImageNet mean and std).
   *
   * @return the config
   */
  public static NprConfig paper() {
    return new NprConfig("npr", 64, new int[] {3, 4}, PreprocessingPipeline.of(
        new PreprocessingStep.ResizeTo(256, 256, ResampleFilter.BILINEAR),
        new PreprocessingStep.Normalize(PreprocessingStep.IMAGENET_MEAN, PreprocessingStep.IMAGENET_STD)));
  }

  /**
   * A small variant of the same code for tests and demos: width 8, one block per stage, no resize, centre crop.
   *
   * @param size the input side (even)
   * @return the config
   */
  public static NprConfig small(int size) {
    return new NprConfig("npr-small", 8, new int[] {1, 1}, PreprocessingPipeline.imagenet(0, size));
  }

  /**
   * The blocks per stage (a copy).
   *
   * @return blocks of layer 1 and layer 2
   */
  @Override
  public int[] blocks() {
    return blocks.clone();
  }

  /**
   * Channels of the pooled feature, the input of {@code fc1}.
   *
   * @return {@code 8 * width} (512 in the reference)
   */
  public int featureWidth() {
    return 8 * width;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NprConfig c && c.name.equals(name) && c.width == width && Arrays.equals(c.blocks, blocks)
        && c.preprocessing.equals(preprocessing);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + width) * 31 + Arrays.hashCode(blocks);
  }

  @Override
  public String toString() {
    return "NprConfig[" + name + ", width=" + width + ", blocks=" + Arrays.toString(blocks) + ", " + preprocessing
        + "]";
  }
}
