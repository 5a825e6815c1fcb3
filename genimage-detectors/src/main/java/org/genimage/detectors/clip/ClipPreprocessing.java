package org.genimage.detectors.clip;

import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.preprocess.PreprocessingStep;

/**
 * The two preprocessings a CLIP tower meets, as declared pipelines: OpenAI's {@code clip.load} transform ({@code
 * Resize(size, BICUBIC)}, {@code CenterCrop(size)}, {@code ToTensor}, {@code Normalize} with CLIP's statistics) and
 * UnivFD's evaluation transform (centre crop only, zero padding for a smaller image as torchvision's, CLIP's
 * normalisation).
 */
public final class ClipPreprocessing {
  private ClipPreprocessing() {}

  /**
   * OpenAI CLIP's preprocessing at a size: shorter side resized to {@code size} (Pillow's bicubic), centre crop,
   * CLIP normalisation.
   *
   * @param size the tower's input side
   * @return the pipeline
   */
  public static PreprocessingPipeline openAi(int size) {
    Checks.inRange("size", size, 1, ReadLimits.MAX_INPUT_SIDE);
    return PreprocessingPipeline.clip(size);
  }

  /**
   * UnivFD's evaluation preprocessing: no resize, centre crop {@code size} (a smaller image padded with zeros),
   * CLIP normalisation.
   *
   * @param size the crop (224 for UnivFD)
   * @return the pipeline
   */
  public static PreprocessingPipeline univFd(int size) {
    Checks.inRange("size", size, 1, ReadLimits.MAX_INPUT_SIDE);
    return PreprocessingPipeline.of(new PreprocessingStep.CenterCrop(size),
        new PreprocessingStep.Normalize(PreprocessingStep.CLIP_MEAN, PreprocessingStep.CLIP_STD));
  }
}
