package org.genimage.detectors.resnet;

import java.util.Arrays;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.Head;
import org.genimage.detectors.preprocess.PreprocessingPipeline;

/**
 * A bottleneck ResNet exactly as torchvision builds it, with the stem width and the blocks per stage as
 * knobs: {@code width = 64, blocks = [3, 4, 6, 3]} is ResNet-50. Stage {@code s} has {@code width * 2^s}
 * planes and {@code 4 * width * 2^s} output channels.
 *
 * @param name          display name, e.g. {@code resnet50} or {@code cnnspot}
 * @param width         stem width (64 for ResNet-50)
 * @param blocks        bottleneck blocks in each of the four stages
 * @param head          one logit or two classes
 * @param preprocessing image preprocessing
 */
public record ResNetConfig(String name, int width, int[] blocks, Head head,
    PreprocessingPipeline preprocessing) {
  /** Validates. */
  public ResNetConfig {
    Checks.notBlank("name", name);
    Checks.inRange("width", width, 1, 1024);
    Checks.notNull("blocks", blocks);
    if (blocks.length != 4) {
      throw new BadArgumentException("blocks.length", blocks.length, "4 (one count per stage)");
    }
    for (int i = 0; i < 4; i++) {
      Checks.inRange("blocks[" + i + "]", blocks[i], 1, 64);
    }
    blocks = blocks.clone();
    Checks.notNull("head", head);
    Checks.notNull("preprocessing", preprocessing);
  }

  /**
   * ResNet-50 at 224 (resize 256, center crop 224, ImageNet normalisation).
   *
   * @param head the head
   * @return the config
   */
  public static ResNetConfig resnet50(Head head) {
    return new ResNetConfig("resnet50", 64, new int[] {3, 4, 6, 3}, head,
        PreprocessingPipeline.imagenet(256, 224));
  }

  /**
   * A small variant of the same code for tests and demos: width 8, one block per stage, 64-pixel input.
   *
   * @param head the head
   * @return the config
   */
  public static ResNetConfig small(Head head) {
    return new ResNetConfig("resnet-small", 8, new int[] {1, 1, 1, 1}, head, PreprocessingPipeline.imagenet(0, 64));
  }

  /**
   * The blocks per stage (a copy).
   *
   * @return blocks per stage
   */
  @Override
  public int[] blocks() {
    return blocks.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResNetConfig c && c.name.equals(name) && c.width == width && Arrays.equals(c.blocks, blocks)
        && c.head == head && c.preprocessing.equals(preprocessing);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + width;
  }

  @Override
  public String toString() {
    return "ResNetConfig[" + name + ", width=" + width + ", blocks=" + Arrays.toString(blocks) + ", " + head + ", "
        + preprocessing + "]";
  }
}
