package org.genimage.detectors.preprocess;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.genimage.degrade.ResampleFilter;

/**
 * A detector's preprocessing declared as data: image steps (resize with its filter, centre crop) and one final
 * step that makes the network input ({@link PreprocessingStep.Normalize}, or Spec's
 * {@link PreprocessingStep.LogSpectrum}), in order, like a torchvision {@code Compose} or DJL's {@code Pipeline}.
 * It is part of every architecture ({@code Architecture.preprocessing()}), saved in detector files as
 * {@code {"steps": [{"op": "resize-shorter-side", ...}, ...]}} and run by {@link #compile()} in inference,
 * training and Spark alike, so a detector is preprocessed the same way wherever it runs.
 *
 * <p>Validated on construction: 1 to {@link ReadLimits#MAX_PREPROCESSING_STEPS} steps, exactly one final step,
 * last, and an output size fixed by the steps (a centre crop or a fixed-size resize after any shorter-side
 * resize), so every sample fills the same {@code 3 x height x width} slot of a batch.
 *
 * <p>JSON written before pipelines existed, {@code {"resize", "crop", "mean", "std"}}, is read as
 * {@link #imagenetStyle(int, int, float[], float[])} and behaves exactly as before.
 *
 * <pre>{@code
 * PreprocessingPipeline clip = PreprocessingPipeline.of(
 *     new ResizeShorterSide(224, ResampleFilter.BICUBIC, false), new CenterCrop(224),
 *     new Normalize(PreprocessingStep.CLIP_MEAN, PreprocessingStep.CLIP_STD));
 * }</pre>
 *
 * @param steps the steps, in order
 */
public record PreprocessingPipeline(List<PreprocessingStep> steps) {
  // Only for the steps' polymorphic JSON inside the delegating creator below.
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates and copies the list. */
  public PreprocessingPipeline {
    Checks.notNull("steps", steps);
    if (steps.isEmpty() || steps.size() > ReadLimits.MAX_PREPROCESSING_STEPS) {
      throw new BadArgumentException("steps.size", steps.size(), "1 to " + ReadLimits.MAX_PREPROCESSING_STEPS
          + " (ReadLimits.MAX_PREPROCESSING_STEPS)");
    }
    steps = List.copyOf(steps);
    for (int i = 0; i < steps.size(); i++) {
      boolean last = i == steps.size() - 1;
      if (steps.get(i).producesInput() != last) {
        throw new BadArgumentException("steps[" + i + "]", steps.get(i), last
            ? "a final step (normalize or log-spectrum) that makes the network input"
            : "an image step (resize or crop): only the last step may make the network input");
      }
    }
    if (outputSize(steps) == null) {
      throw new BadArgumentException("steps", steps, "a centre crop or a fixed-size resize after the last "
          + "shorter-side resize, so that every image gives an input of the same size");
    }
  }

  /**
   * A pipeline of the given steps.
   *
   * @param steps the steps, in order
   * @return the pipeline
   */
  public static PreprocessingPipeline of(PreprocessingStep... steps) {
    return new PreprocessingPipeline(List.of(steps));
  }

  /**
   * The classic torchvision evaluation transform: {@code Resize(resize)} (Pillow bilinear) or, with
   * {@code resize = 0}, no resize unless the shorter side is below {@code crop} (then up to {@code crop});
   * {@code CenterCrop(crop)}; {@code ToTensor()}; {@code Normalize(mean, std)}. This is what the
   * {@code {"resize", "crop", "mean", "std"}} JSON of older detector files means.
   *
   * @param resize shorter side before cropping, or 0
   * @param crop   the square crop
   * @param mean   per-channel mean on the [0, 1] scale
   * @param std    per-channel standard deviation on the [0, 1] scale
   * @return the pipeline
   * @throws BadArgumentException for a non-zero {@code resize} below {@code crop}, or bad sizes or statistics
   */
  public static PreprocessingPipeline imagenetStyle(int resize, int crop, float[] mean, float[] std) {
    Checks.inRange("resize", resize, 0, ReadLimits.MAX_INPUT_SIDE);
    Checks.inRange("crop", crop, 1, ReadLimits.MAX_INPUT_SIDE);
    if (resize != 0 && resize < crop) {
      throw new BadArgumentException("resize", resize, "0 or at least crop = " + crop);
    }
    return of(new PreprocessingStep.ResizeShorterSide(resize == 0 ? crop : resize, ResampleFilter.BILINEAR,
        resize == 0), new PreprocessingStep.CenterCrop(crop), new PreprocessingStep.Normalize(mean, std));
  }

  /**
   * {@link #imagenetStyle} with ImageNet's mean and standard deviation.
   *
   * @param resize shorter side before cropping, or 0 for "only enlarge images smaller than the crop"
   * @param crop   the square crop (the network's input size)
   * @return the pipeline
   */
  public static PreprocessingPipeline imagenet(int resize, int crop) {
    return imagenetStyle(resize, crop, PreprocessingStep.IMAGENET_MEAN, PreprocessingStep.IMAGENET_STD);
  }

  /**
   * OpenAI CLIP's image transform: {@code Resize(size, BICUBIC)}, {@code CenterCrop(size)}, {@code ToTensor()},
   * {@code Normalize(CLIP mean, CLIP std)}.
   *
   * @param size the input side (224 for ViT-B/32 and ViT-L/14)
   * @return the pipeline
   */
  public static PreprocessingPipeline clip(int size) {
    return of(new PreprocessingStep.ResizeShorterSide(size, ResampleFilter.BICUBIC, false),
        new PreprocessingStep.CenterCrop(size),
        new PreprocessingStep.Normalize(PreprocessingStep.CLIP_MEAN, PreprocessingStep.CLIP_STD));
  }

  /**
   * Reads the JSON form: {@code {"steps": [...]}} or the older {@code {"resize", "crop", "mean", "std"}}.
   *
   * @param node the JSON object
   * @return the pipeline
   * @throws BadArgumentException when the JSON is neither form or its values are invalid
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static PreprocessingPipeline fromJson(JsonNode node) {
    Checks.notNull("preprocessing", node);
    if (!node.isObject()) {
      throw new BadArgumentException("preprocessing", node.toString(), "a JSON object");
    }
    try {
      if (node.has("steps")) {
        if (node.size() != 1 || !node.get("steps").isArray()) {
          throw new BadArgumentException("preprocessing", node.toString(), "{\"steps\": [...]} alone");
        }
        if (node.get("steps").size() > ReadLimits.MAX_PREPROCESSING_STEPS) {
          throw new BadArgumentException("steps.size", node.get("steps").size(), "at most "
              + ReadLimits.MAX_PREPROCESSING_STEPS + " (ReadLimits.MAX_PREPROCESSING_STEPS)");
        }
        List<PreprocessingStep> steps = new ArrayList<>();
        for (JsonNode s : node.get("steps")) {
          steps.add(JSON.treeToValue(s, PreprocessingStep.class));
        }
        return new PreprocessingPipeline(steps);
      }
      if (node.size() != 4 || !node.has("resize") || !node.has("crop") || !node.has("mean") || !node.has("std")) {
        throw new BadArgumentException("preprocessing", node.toString(),
            "{\"steps\": [...]} or the older {\"resize\", \"crop\", \"mean\", \"std\"}");
      }
      Legacy l = JSON.treeToValue(node, Legacy.class);
      return imagenetStyle(l.resize(), l.crop(), l.mean(), l.std());
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof BadArgumentException b) {
        throw b;
      }
      throw new BadArgumentException("preprocessing", node.toString(), "valid steps (" + e.getOriginalMessage()
          + ")");
    }
  }

  /** The pre-pipeline JSON form. */
  record Legacy(int resize, int crop, float[] mean, float[] std) {}

  /**
   * Channels of one network input (3: RGB or a spectrum per RGB channel).
   *
   * @return 3
   */
  @JsonIgnore
  public int channels() {
    return 3;
  }

  /**
   * Height of one network input, fixed by the steps.
   *
   * @return pixels
   */
  @JsonIgnore
  public int height() {
    return outputSize(steps)[1];
  }

  /**
   * Width of one network input, fixed by the steps.
   *
   * @return pixels
   */
  @JsonIgnore
  public int width() {
    return outputSize(steps)[0];
  }

  /**
   * Values of one network input: {@code channels * height * width}.
   *
   * @return the sample size
   */
  @JsonIgnore
  public int sampleSize() {
    return channels() * height() * width();
  }

  /**
   * The executor of this pipeline.
   *
   * @return a stateless, thread-safe executor
   */
  public CompiledPipeline compile() {
    return new CompiledPipeline(this);
  }

  /** {width, height} after the image steps, or null when a shorter-side resize leaves it open. */
  private static int[] outputSize(List<PreprocessingStep> steps) {
    int[] size = null;
    for (PreprocessingStep s : steps) {
      if (s instanceof PreprocessingStep.ResizeShorterSide) {
        size = null;
      } else if (s instanceof PreprocessingStep.ResizeTo r) {
        size = new int[] {r.width(), r.height()};
      } else if (s instanceof PreprocessingStep.CenterCrop c) {
        size = new int[] {c.size(), c.size()};
      }
    }
    return size;
  }
}
