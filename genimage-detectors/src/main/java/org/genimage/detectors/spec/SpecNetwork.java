package org.genimage.detectors.spec;

import org.genimage.api.Checks;
import org.genimage.detectors.frequency.GraphParams;
import org.genimage.detectors.frequency.ResNetBasic;
import org.genimage.detectors.frequency.SdLayers;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Spec's classifier: a ResNet of BasicBlocks (ResNet-34 in the reference) on the 3-channel spectrum,
 * global average pooling and {@code fc = Linear(width, 2)}. Logit 0 is REAL and logit 1 is FAKE (the
 * AutoGAN reference labels real = 1 and fake = 0; we follow the project's {@code REAL = 0, FAKE = 1}).
 *
 * @param body the ResNet body ({@link ResNetBasic#resnet34()} in the paper)
 */
public record SpecNetwork(ResNetBasic body) {
  /** Validates. */
  public SpecNetwork {
    Checks.notNull("body", body);
  }

  /**
   * Builds the logits.
   *
   * @param p the declaration context
   * @param spectrum input {@code [N, 3, H, W]}, the output of {@link SpecSpectrum}
   * @return logits {@code [N, 2]}
   */
  public SDVariable build(GraphParams p, SDVariable spectrum) {
    SDVariable f = body.build(p, "", spectrum, 3).pooled();
    return SdLayers.linear(p, "fc", f, body.featureWidth(), 2);
  }
}
