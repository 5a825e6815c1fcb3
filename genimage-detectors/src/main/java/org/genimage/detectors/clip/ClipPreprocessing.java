package org.genimage.detectors.clip;

import org.genimage.api.Checks;
import org.genimage.api.ReadLimits;
import org.genimage.detectors.Preprocessing;

/**
 * CLIP's input statistics and the two preprocessings a CLIP tower meets, as far as {@link Preprocessing}
 * expresses them. OpenAI's {@code clip.load} preprocesses with {@code Resize(size, BICUBIC)}, {@code
 * CenterCrop(size)}, {@code ToTensor} and {@code Normalize(MEAN, STD)}; {@link Preprocessing} resizes
 * bilinearly, so {@link #openAi} differs from it in the resize kernel until the preprocessing pipeline gains a
 * bicubic resize. UnivFD's evaluation ({@code validate.py}) does not resize at all: {@code CenterCrop(224)} and
 * CLIP's normalisation, which {@link #univFd} expresses exactly for images at least as large as the crop
 * (torchvision pads a smaller image with zeros, {@link Preprocessing} enlarges it).
 */
public final class ClipPreprocessing {
  /** CLIP's per-channel mean (R, G, B) on the [0, 1] scale. */
  private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  /** CLIP's per-channel standard deviation (R, G, B) on the [0, 1] scale. */
  private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

  private ClipPreprocessing() {}

  /**
   * CLIP's mean.
   *
   * @return (R, G, B), a copy
   */
  public static float[] mean() {
    return MEAN.clone();
  }

  /**
   * CLIP's standard deviation.
   *
   * @return (R, G, B), a copy
   */
  public static float[] std() {
    return STD.clone();
  }

  /**
   * OpenAI CLIP's preprocessing at a size: shorter side resized to {@code size} (bilinear here, bicubic in
   * CLIP), centre crop, CLIP normalisation.
   *
   * @param size the tower's input side
   * @return the preprocessing
   */
  public static Preprocessing openAi(int size) {
    Checks.inRange("size", size, 1, ReadLimits.MAX_INPUT_SIDE);
    return new Preprocessing(size, size, MEAN, STD);
  }

  /**
   * UnivFD's evaluation preprocessing: no resize, centre crop {@code size}, CLIP normalisation.
   *
   * @param size the crop (224 for UnivFD)
   * @return the preprocessing
   */
  public static Preprocessing univFd(int size) {
    Checks.inRange("size", size, 1, ReadLimits.MAX_INPUT_SIDE);
    return new Preprocessing(0, size, MEAN, STD);
  }
}
