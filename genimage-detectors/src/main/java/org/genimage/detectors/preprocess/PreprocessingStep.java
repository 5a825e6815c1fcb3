package org.genimage.detectors.preprocess;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Arrays;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.genimage.degrade.ResampleFilter;

/**
 * One declared step of a {@link PreprocessingPipeline}: immutable data, JSON-serialisable with its kind in the
 * {@code "op"} field, validated on construction (sizes at most {@link ReadLimits#MAX_INPUT_SIDE}). Image steps
 * ({@link ResizeShorterSide}, {@link ResizeTo}, {@link CenterCrop}) change the RGB image; the final step
 * ({@link Normalize} or {@link LogSpectrum}) turns it into the network's float input. The set is closed so that
 * every file's pipeline runs the same way everywhere; {@link CompiledPipeline} executes it.
 *
 * <p>Not here on purpose: a DCT step (F3Net's DCT is part of its network, {@code layers.Dct}, with learnable
 * filters on the coefficients) and a grey-scale step (no detector of ours takes grey input).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PreprocessingStep.ResizeShorterSide.class, name = "resize-shorter-side"),
    @JsonSubTypes.Type(value = PreprocessingStep.ResizeTo.class, name = "resize-to"),
    @JsonSubTypes.Type(value = PreprocessingStep.CenterCrop.class, name = "center-crop"),
    @JsonSubTypes.Type(value = PreprocessingStep.Normalize.class, name = "normalize"),
    @JsonSubTypes.Type(value = PreprocessingStep.LogSpectrum.class, name = "log-spectrum")})
public sealed interface PreprocessingStep {
  /** ImageNet mean (R, G, B) on the [0, 1] scale. */
  float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  /** ImageNet standard deviation (R, G, B) on the [0, 1] scale. */
  float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
  /** CLIP's mean (R, G, B) on the [0, 1] scale (OpenAI CLIP's {@code _transform}). */
  float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  /** CLIP's standard deviation (R, G, B) on the [0, 1] scale. */
  float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

  /**
   * Whether this step produces the network input (floats) rather than an image; a pipeline ends with exactly
   * one such step.
   *
   * @return true for {@link Normalize} and {@link LogSpectrum}
   */
  default boolean producesInput() {
    return false;
  }

  /**
   * Resize keeping the aspect ratio so the shorter side is {@code size}, the longer side
   * {@code (int) (size * long / short)}: torchvision's {@code Resize(size, interpolation)} on a PIL image,
   * that is Pillow's {@code Image.resize} with the filter (antialiased when down-scaling, as Pillow always is).
   *
   * @param size         the shorter side after resizing
   * @param filter       Pillow's resampling filter (BILINEAR, BICUBIC with a = -0.5, NEAREST, ...)
   * @param onlyEnlarge  true to leave images whose shorter side is already at least {@code size} unchanged
   *                     (a network that accepts any large image and only needs small ones brought up)
   */
  record ResizeShorterSide(int size, ResampleFilter filter, boolean onlyEnlarge) implements PreprocessingStep {
    /** Validates. */
    public ResizeShorterSide {
      Checks.inRange("size", size, 1, ReadLimits.MAX_INPUT_SIDE);
      Checks.notNull("filter", filter);
    }
  }

  /**
   * Resize to exactly {@code width x height} (the aspect ratio is not kept): Pillow's
   * {@code Image.resize((width, height), filter)}.
   *
   * @param width  output width
   * @param height output height
   * @param filter Pillow's resampling filter
   */
  record ResizeTo(int width, int height, ResampleFilter filter) implements PreprocessingStep {
    /** Validates. */
    public ResizeTo {
      Checks.inRange("width", width, 1, ReadLimits.MAX_INPUT_SIDE);
      Checks.inRange("height", height, 1, ReadLimits.MAX_INPUT_SIDE);
      Checks.notNull("filter", filter);
    }
  }

  /**
   * The centre {@code size x size} window, as torchvision's {@code CenterCrop(size)} (offsets
   * {@code round((side - size) / 2)} with Python's rounding; a smaller image is padded with black first).
   *
   * @param size the window's side
   */
  record CenterCrop(int size) implements PreprocessingStep {
    /** Validates. */
    public CenterCrop {
      Checks.inRange("size", size, 1, ReadLimits.MAX_INPUT_SIDE);
    }
  }

  /**
   * The final step of an RGB network: torchvision's {@code ToTensor()} (bytes to [0, 1]) followed by
   * {@code Normalize(mean, std)}, {@code (v / 255 - mean) / std} per channel.
   *
   * @param mean per-channel (R, G, B) mean on the [0, 1] scale
   * @param std  per-channel (R, G, B) standard deviation on the [0, 1] scale, positive
   */
  record Normalize(float[] mean, float[] std) implements PreprocessingStep {
    /** Validates and copies the arrays. */
    public Normalize {
      mean = channels("mean", mean, false);
      std = channels("std", std, true);
    }

    /**
     * ImageNet's mean and standard deviation.
     *
     * @return the step
     */
    public static Normalize imagenet() {
      return new Normalize(IMAGENET_MEAN, IMAGENET_STD);
    }

    private static float[] channels(String name, float[] v, boolean positive) {
      Checks.notNull(name, v);
      if (v.length != 3) {
        throw new BadArgumentException(name + ".length", v.length, "3 (R, G, B)");
      }
      for (int i = 0; i < 3; i++) {
        if (positive) {
          Checks.positive(name + "[" + i + "]", v[i]);
        }
        Checks.inRange(name + "[" + i + "]", v[i], -1e6, 1e6);
      }
      return v.clone();
    }

    /**
     * The per-channel mean (a copy).
     *
     * @return R, G, B
     */
    @Override
    public float[] mean() {
      return mean.clone();
    }

    /**
     * The per-channel standard deviation (a copy).
     *
     * @return R, G, B
     */
    @Override
    public float[] std() {
      return std.clone();
    }

    @Override
    public boolean producesInput() {
      return true;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Normalize n && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(mean) * 31 + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
      return "Normalize[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
  }

  /**
   * The final step of Spec (Zhang, Karaman, Chang, WIFS 2019, the AutoGAN code): per channel the log-magnitude
   * spectrum {@code log(|fft2(x / 255)| + 1e-3)}, normalised by its own 5th and 95th percentiles to [-1, 1]
   * (see {@link SpecSpectrum}). Planar, three channels.
   */
  record LogSpectrum() implements PreprocessingStep {
    @Override
    public boolean producesInput() {
      return true;
    }
  }
}
