package org.genimage.detectors;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Checks;
import org.genimage.api.ReadLimits;

/**
 * The standard image preprocessing: resize so the shorter side is {@code resize} pixels (bilinear, 0 = keep the
 * size unless the image is smaller than the crop), center-crop {@code crop x crop}, scale to [0, 1] and normalise
 * per channel with {@code (v - mean) / std}. JSON-serialisable; stored in detector files. Sizes are at most
 * {@link ReadLimits#MAX_INPUT_SIDE}.
 *
 * @param resize shorter-side size before cropping, or 0 for none
 * @param crop   the square crop (the network's input size)
 * @param mean   per-channel (R, G, B) mean on the [0, 1] scale
 * @param std    per-channel standard deviation on the [0, 1] scale
 */
public record Preprocessing(int resize, int crop, float[] mean, float[] std) {
  /** ImageNet mean (R, G, B). */
  public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  /** ImageNet standard deviation (R, G, B). */
  public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  /** Validates and copies the arrays. */
  public Preprocessing {
    // Bounded so that batch x 3 x crop x crop and the resized image stay far from int overflow.
    Checks.inRange("resize", resize, 0, ReadLimits.MAX_INPUT_SIDE);
    Checks.inRange("crop", crop, 1, ReadLimits.MAX_INPUT_SIDE);
    if (resize != 0 && resize < crop) {
      throw new BadArgumentException("resize", resize, "0 or at least crop = " + crop);
    }
    mean = check("mean", mean, false);
    std = check("std", std, true);
  }

  private static float[] check(String name, float[] v, boolean positive) {
    Checks.notNull(name, v);
    if (v.length != 3) {
      throw new BadArgumentException(name + ".length", v.length, "3 (R, G, B)");
    }
    for (int i = 0; i < 3; i++) {
      if (positive) {
        Checks.positive(name + "[" + i + "]", v[i]);
      } else {
        Checks.inRange(name + "[" + i + "]", v[i], -1e6, 1e6);
      }
    }
    return v.clone();
  }

  /**
   * ImageNet preprocessing: resize to {@code resize}, center-crop {@code crop}, ImageNet mean/std.
   *
   * @param resize shorter side, or 0
   * @param crop   crop size
   * @return the preprocessing
   */
  public static Preprocessing imagenet(int resize, int crop) {
    return new Preprocessing(resize, crop, IMAGENET_MEAN, IMAGENET_STD);
  }

  /**
   * The per-channel mean (a copy).
   *
   * @return R, G, B mean
   */
  @Override
  public float[] mean() {
    return mean.clone();
  }

  /**
   * The per-channel standard deviation (a copy).
   *
   * @return R, G, B std
   */
  @Override
  public float[] std() {
    return std.clone();
  }

  /**
   * The preprocessor that applies this.
   *
   * @return a stateless, thread-safe preprocessor
   */
  @JsonIgnore
  public Preprocessor preprocessor() {
    return new ImagePreprocessor(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Preprocessing p && p.resize == resize && p.crop == crop
        && java.util.Arrays.equals(p.mean, mean) && java.util.Arrays.equals(p.std, std);
  }

  @Override
  public int hashCode() {
    return resize * 31 + crop;
  }

  @Override
  public String toString() {
    return "Preprocessing[resize=" + resize + ", crop=" + crop + ", mean=" + java.util.Arrays.toString(mean)
        + ", std=" + java.util.Arrays.toString(std) + "]";
  }
}
