package org.genimage.detectors.transformer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.preprocess.PreprocessingPipeline;

/**
 * The shape of a Swin Transformer classifier, laid out as torchvision's {@code swin_t}: patch embedding
 * with LayerNorm, stages of (shifted-)window attention blocks with a relative position bias, patch
 * merging between stages, final LayerNorm (eps 1e-5), global average pooling and a linear head.
 *
 * <p>Every stage's feature map must be a whole number of windows (224 pixels, patch 4, window 7 gives
 * 56, 28, 14, 7); torchvision would pad otherwise, which this implementation does not do. As in
 * torchvision, a stage whose map is a single window does not shift.
 *
 * @param imageSize the side of the square input in pixels
 * @param patchSize the side of a patch in pixels
 * @param embedDim the token width of the first stage; it doubles at each stage
 * @param depths the number of blocks per stage
 * @param heads the number of attention heads per stage
 * @param window the window side in tokens
 * @param mlpRatio the MLP hidden width over the token width
 * @param numClasses the number of logits
 * @param dropPath the stochastic-depth rate of the last block at training time (block {@code i} of
 *     {@code n} drops with {@code dropPath * i / (n - 1)}, as torchvision and timm); 0 disables it
 * @param preprocessing the image preprocessing; its output is {@code imageSize} square
 */
public record SwinConfig(
    int imageSize, int patchSize, int embedDim, List<Integer> depths, List<Integer> heads, int window,
    double mlpRatio, int numClasses, double dropPath, PreprocessingPipeline preprocessing) {
  /** LayerNorm epsilon of torchvision's and timm's Swin. */
  public static final double LN_EPS = 1e-5;

  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for non-positive sizes, lists of different lengths, heads that do not
   *     divide a stage's width, a feature map that is not a whole number of windows, a class count other
   *     than 1 or 2, or a preprocessing whose output is not the image size
   */
  public SwinConfig {
    Checks.inRange("imageSize", imageSize, 1, ReadLimits.MAX_INPUT_SIDE);
    Checks.inRange("patchSize", patchSize, 1, imageSize);
    Checks.inRange("embedDim", embedDim, 1, ReadLimits.MAX_MODEL_WIDTH);
    depths = List.copyOf(Checks.notEmpty("depths", depths));
    heads = List.copyOf(Checks.notEmpty("heads", heads));
    // Stage s has embedDim << s channels: few enough stages that this stays within the width bound.
    if (depths.size() > 16 || ((long) embedDim << (depths.size() - 1)) > ReadLimits.MAX_MODEL_WIDTH) {
      throw new BadArgumentException("depths", depths, "at most 16 stages whose last width (embedDim << stage) is "
          + "at most " + ReadLimits.MAX_MODEL_WIDTH);
    }
    Checks.inRange("window", window, 1, imageSize);
    Checks.inRange("mlpRatio", mlpRatio, Double.MIN_VALUE, 64);
    Checks.inRange("numClasses", numClasses, 1, 2);
    Checks.inRange("dropPath", dropPath, 0.0, 0.99);
    Checks.notNull("preprocessing", preprocessing);
    if (preprocessing.width() != imageSize || preprocessing.height() != imageSize) {
      throw new BadArgumentException("preprocessing", preprocessing.width() + "x" + preprocessing.height(),
          "an output of the image size " + imageSize);
    }
    if (depths.size() != heads.size()) {
      throw new BadArgumentException("heads", heads, depths.size() + " entries, one per stage");
    }
    if (imageSize % patchSize != 0) {
      throw new BadArgumentException("imageSize", imageSize, "a multiple of patchSize " + patchSize);
    }
    for (int s = 0; s < depths.size(); s++) {
      Checks.inRange("depths[" + s + "]", Checks.notNull("depths[" + s + "]", depths.get(s)), 1,
          ReadLimits.MAX_MODEL_BLOCKS);
      Checks.inRange("heads[" + s + "]", Checks.notNull("heads[" + s + "]", heads.get(s)), 1, embedDim << s);
      int dim = embedDim << s;
      if (dim % heads.get(s) != 0) {
        throw new BadArgumentException("heads[" + s + "]", heads.get(s), "a divisor of width " + dim);
      }
      int res = imageSize / patchSize;
      for (int i = 0; i < s; i++) {
        if (res % 2 != 0) {
          throw new BadArgumentException("imageSize", imageSize,
              "a size whose stage " + i + " map (" + res + ") is even, for patch merging");
        }
        res /= 2;
      }
      if (res % window != 0) {
        throw new BadArgumentException("imageSize", imageSize, "a size whose stage " + s + " map ("
            + res + " tokens) is a multiple of window " + window);
      }
    }
  }

  /**
   * A configuration with the default preprocessing for its size ({@link DeitConfig#defaultPreprocessing}).
   *
   * @param imageSize the input side in pixels
   * @param patchSize the patch side in pixels
   * @param embedDim the first stage's token width
   * @param depths blocks per stage
   * @param heads heads per stage
   * @param window the window side in tokens
   * @param mlpRatio MLP width over token width
   * @param numClasses 1 (one logit, BCE) or 2 (REAL / FAKE, cross-entropy)
   * @param dropPath the last block's stochastic-depth rate
   * @return the configuration
   */
  public static SwinConfig of(int imageSize, int patchSize, int embedDim, List<Integer> depths,
      List<Integer> heads, int window, double mlpRatio, int numClasses, double dropPath) {
    return new SwinConfig(imageSize, patchSize, embedDim, depths, heads, window, mlpRatio, numClasses, dropPath,
        DeitConfig.defaultPreprocessing(imageSize));
  }

  /**
   * Swin-T ({@code swin_t}, {@code swin_tiny_patch4_window7_224}): patch 4, width 96, depths 2-2-6-2,
   * heads 3-6-12-24, window 7, at 224 pixels, drop-path 0.2.
   *
   * @param numClasses the number of logits (2 for a detector)
   * @return the configuration
   */
  public static SwinConfig swinTiny(int numClasses) {
    return of(224, 4, 96, List.of(2, 2, 6, 2), List.of(3, 6, 12, 24), 7, 4.0, numClasses, 0.2);
  }

  /**
   * The number of stages.
   *
   * @return {@code depths().size()}
   */
  public int stages() {
    return depths.size();
  }

  /**
   * The token width of a stage.
   *
   * @param stage the stage from 0
   * @return {@code embedDim * 2^stage}
   */
  public int dim(int stage) {
    return embedDim << stage;
  }

  /**
   * The side of a stage's feature map in tokens.
   *
   * @param stage the stage from 0
   * @return {@code imageSize / patchSize / 2^stage}
   */
  public int resolution(int stage) {
    return imageSize / patchSize >> stage;
  }

  /**
   * The MLP hidden width of a stage.
   *
   * @param stage the stage from 0
   * @return {@code (int) (dim(stage) * mlpRatio)}
   */
  public int mlpDim(int stage) {
    return (int) (dim(stage) * mlpRatio);
  }

  /**
   * The cyclic shift of a block, as torchvision: half a window for odd blocks, none for even ones or
   * when the stage's map is a single window.
   *
   * @param stage the stage
   * @param block the block within the stage
   * @return the shift in tokens
   */
  public int shift(int stage, int block) {
    return block % 2 == 0 || window >= resolution(stage) ? 0 : window / 2;
  }

  /**
   * The total number of blocks.
   *
   * @return the sum of {@link #depths()}
   */
  public int totalBlocks() {
    return depths.stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Every tensor the network needs, under torchvision's state-dict names, with its shape. The
   * {@code relative_position_index} buffers are not listed: they are recomputed.
   *
   * @return an ordered map of names to shapes
   */
  public Map<String, long[]> expectedShapes() {
    Map<String, long[]> m = new LinkedHashMap<>();
    m.put("features.0.0.weight", new long[] {embedDim, 3, patchSize, patchSize});
    m.put("features.0.0.bias", new long[] {embedDim});
    m.put("features.0.2.weight", new long[] {embedDim});
    m.put("features.0.2.bias", new long[] {embedDim});
    long table = (2L * window - 1) * (2L * window - 1);
    for (int s = 0; s < stages(); s++) {
      long c = dim(s);
      for (int b = 0; b < depths.get(s); b++) {
        String p = "features." + (2 * s + 1) + "." + b + ".";
        m.put(p + "norm1.weight", new long[] {c});
        m.put(p + "norm1.bias", new long[] {c});
        m.put(p + "attn.qkv.weight", new long[] {3 * c, c});
        m.put(p + "attn.qkv.bias", new long[] {3 * c});
        m.put(p + "attn.proj.weight", new long[] {c, c});
        m.put(p + "attn.proj.bias", new long[] {c});
        m.put(p + "attn.relative_position_bias_table", new long[] {table, heads.get(s)});
        m.put(p + "norm2.weight", new long[] {c});
        m.put(p + "norm2.bias", new long[] {c});
        m.put(p + "mlp.0.weight", new long[] {mlpDim(s), c});
        m.put(p + "mlp.0.bias", new long[] {mlpDim(s)});
        m.put(p + "mlp.3.weight", new long[] {c, mlpDim(s)});
        m.put(p + "mlp.3.bias", new long[] {c});
      }
      if (s < stages() - 1) {
        String p = "features." + (2 * s + 2) + ".";
        m.put(p + "reduction.weight", new long[] {2 * c, 4 * c});
        m.put(p + "norm.weight", new long[] {4 * c});
        m.put(p + "norm.bias", new long[] {4 * c});
      }
    }
    long last = dim(stages() - 1);
    m.put("norm.weight", new long[] {last});
    m.put("norm.bias", new long[] {last});
    m.put("head.weight", new long[] {numClasses, last});
    m.put("head.bias", new long[] {numClasses});
    return m;
  }
}
