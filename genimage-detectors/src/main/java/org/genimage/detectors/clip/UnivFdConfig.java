package org.genimage.detectors.clip;

import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.preprocess.PreprocessingPipeline;

/**
 * A UnivFD detector (Ojha et al., CVPR 2023, "Towards Universal Fake Image Detectors that Generalize Across
 * Generative Models"): a frozen CLIP image tower and one linear layer from its embedding to one logit.
 *
 * @param tower the image tower
 * @param preprocessing the image preprocessing; its output side is the tower's input size
 */
public record UnivFdConfig(ClipVisionConfig tower, PreprocessingPipeline preprocessing) {
  /**
   * Validates the components.
   *
   * @throws BadArgumentException when a component is missing or the crop is not the tower's input size
   */
  public UnivFdConfig {
    Checks.notNull("tower", tower);
    Checks.notNull("preprocessing", preprocessing);
    if (preprocessing.height() != tower.imageSize() || preprocessing.width() != tower.imageSize()) {
      throw new BadArgumentException("preprocessing output", preprocessing.width() + "x" + preprocessing.height(),
          "the tower's input size " + tower.imageSize());
    }
  }

  /**
   * The published detector: OpenAI's ViT-L/14 and UnivFD's evaluation preprocessing (centre crop 224, CLIP
   * normalisation).
   *
   * @return the configuration
   */
  public static UnivFdConfig paper() {
    return of(ClipVisionConfig.vitL14());
  }

  /**
   * A tower with UnivFD's evaluation preprocessing at its input size ({@link ClipPreprocessing#univFd}).
   *
   * @param tower the tower
   * @return the configuration
   */
  public static UnivFdConfig of(ClipVisionConfig tower) {
    return new UnivFdConfig(tower, ClipPreprocessing.univFd(Checks.notNull("tower", tower).imageSize()));
  }
}
