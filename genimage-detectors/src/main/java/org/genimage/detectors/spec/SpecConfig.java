package org.genimage.detectors.spec;

import org.genimage.api.BadArgumentException;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.layers.ResNetBasic;

/**
 * Spec's configuration (stored in detector files): the spectrum's resize and crop and the ResNet body.
 *
 * @param resize shorter side before cropping (256 in the paper)
 * @param crop   centre crop, the network input side (224)
 * @param body   the ResNet of BasicBlocks ({@link ResNetBasic#resnet34()})
 */
public record SpecConfig(int resize, int crop, ResNetBasic body) {
  /** Validates. */
  public SpecConfig {
    Checks.inRange("crop", crop, 1, ReadLimits.MAX_INPUT_SIDE);
    Checks.inRange("resize", resize, 1, ReadLimits.MAX_INPUT_SIDE);
    if (resize < crop) {
      throw new BadArgumentException("resize", resize, "at least crop = " + crop);
    }
    Checks.notNull("body", body);
  }

  /**
   * The paper's configuration: resize 256, crop 224, ResNet-34.
   *
   * @return the config
   */
  public static SpecConfig paper() {
    return new SpecConfig(256, 224, ResNetBasic.resnet34());
  }
}
