package org.genimage.detectors.clip;

import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.transformer.VitBlocks;

/**
 * The shape of a CLIP image tower, laid out as OpenAI CLIP's {@code VisionTransformer} ({@code clip/model.py}):
 * a bias-free patch convolution {@code conv1}, {@code class_embedding}, {@code positional_embedding},
 * {@code ln_pre}, pre-norm residual attention blocks, {@code ln_post} on the class token and the projection
 * {@code proj} to the embedding. LayerNorms use PyTorch's default epsilon 1e-5.
 *
 * @param imageSize the side of the square input in pixels; a multiple of {@code patchSize}
 * @param patchSize the side of a patch in pixels
 * @param width the token width
 * @param layers the number of residual attention blocks
 * @param heads the number of attention heads; divides {@code width} (OpenAI: {@code width / 64})
 * @param mlpDim the hidden width of each block's MLP (OpenAI: {@code 4 * width})
 * @param outputDim the embedding width ({@code proj} is {@code [width, outputDim]})
 * @param activation the MLP activation: {@code QUICK_GELU} for OpenAI's weights, {@code GELU} for open_clip
 *     models trained without QuickGELU (e.g. its LAION {@code ViT-L-14})
 */
public record ClipVisionConfig(int imageSize, int patchSize, int width, int layers, int heads, int mlpDim,
    int outputDim, VitBlocks.Activation activation) {
  /** LayerNorm epsilon (PyTorch's default, which CLIP keeps). */
  public static final double LN_EPS = 1e-5;
  /** The prefix of the image tower's tensors in a full CLIP state dict. */
  public static final String PREFIX = "visual.";

  /**
   * Validates the components.
   *
   * @throws BadArgumentException for a non-positive size, an image size that is not a multiple of the patch
   *     size, heads that do not divide the width, or a missing activation
   */
  public ClipVisionConfig {
    Checks.inRange("imageSize", imageSize, 1, ReadLimits.MAX_INPUT_SIDE);
    Checks.inRange("patchSize", patchSize, 1, imageSize);
    Checks.inRange("width", width, 1, ReadLimits.MAX_MODEL_WIDTH);
    Checks.inRange("layers", layers, 1, ReadLimits.MAX_MODEL_BLOCKS);
    Checks.inRange("heads", heads, 1, width);
    Checks.inRange("mlpDim", mlpDim, 1, ReadLimits.MAX_MODEL_WIDTH);
    Checks.inRange("outputDim", outputDim, 1, ReadLimits.MAX_MODEL_WIDTH);
    Checks.notNull("activation", activation);
    if (imageSize % patchSize != 0) {
      throw new BadArgumentException("imageSize", imageSize, "a multiple of patchSize " + patchSize);
    }
    if (width % heads != 0) {
      throw new BadArgumentException("heads", heads, "a divisor of width " + width);
    }
  }

  /**
   * OpenAI's ViT-B/16: 224 px, patch 16, width 768, 12 layers, 12 heads, embedding 512, QuickGELU.
   *
   * @return the configuration
   */
  public static ClipVisionConfig vitB16() {
    return new ClipVisionConfig(224, 16, 768, 12, 12, 4 * 768, 512, VitBlocks.Activation.QUICK_GELU);
  }

  /**
   * OpenAI's ViT-L/14 (UnivFD's tower): 224 px, patch 14, width 1024, 24 layers, 16 heads, embedding 768,
   * QuickGELU.
   *
   * @return the configuration
   */
  public static ClipVisionConfig vitL14() {
    return new ClipVisionConfig(224, 14, 1024, 24, 16, 4 * 1024, 768, VitBlocks.Activation.QUICK_GELU);
  }

  /**
   * The OpenAI configuration name when this is one ({@code ViT-B/16}, {@code ViT-L/14}), else a descriptive one.
   *
   * @return the name
   */
  public String displayName() {
    if (equals(vitB16())) {
      return "ViT-B/16";
    }
    if (equals(vitL14())) {
      return "ViT-L/14";
    }
    return "clip-vit-p" + patchSize + "-w" + width + "-d" + layers + "-" + imageSize
        + (activation == VitBlocks.Activation.GELU ? "-gelu" : "");
  }

  /**
   * The number of patches per side.
   *
   * @return {@code imageSize / patchSize}
   */
  public int grid() {
    return imageSize / patchSize;
  }

  /**
   * The sequence length, class token included.
   *
   * @return {@code grid() * grid() + 1}
   */
  public int seqLength() {
    return grid() * grid() + 1;
  }

  /**
   * Every tensor of the tower under OpenAI's state-dict names ({@code visual.conv1.weight}, ...), with its shape.
   *
   * @return an ordered map of names to shapes
   */
  public Map<String, long[]> expectedShapes() {
    String v = PREFIX;
    Map<String, long[]> m = new LinkedHashMap<>();
    m.put(v + "conv1.weight", new long[] {width, 3, patchSize, patchSize});
    m.put(v + "class_embedding", new long[] {width});
    m.put(v + "positional_embedding", new long[] {seqLength(), width});
    m.put(v + "ln_pre.weight", new long[] {width});
    m.put(v + "ln_pre.bias", new long[] {width});
    for (int i = 0; i < layers; i++) {
      String p = blockPrefix(i);
      m.put(p + "ln_1.weight", new long[] {width});
      m.put(p + "ln_1.bias", new long[] {width});
      m.put(p + "attn.in_proj_weight", new long[] {3L * width, width});
      m.put(p + "attn.in_proj_bias", new long[] {3L * width});
      m.put(p + "attn.out_proj.weight", new long[] {width, width});
      m.put(p + "attn.out_proj.bias", new long[] {width});
      m.put(p + "ln_2.weight", new long[] {width});
      m.put(p + "ln_2.bias", new long[] {width});
      m.put(p + "mlp.c_fc.weight", new long[] {mlpDim, width});
      m.put(p + "mlp.c_fc.bias", new long[] {mlpDim});
      m.put(p + "mlp.c_proj.weight", new long[] {width, mlpDim});
      m.put(p + "mlp.c_proj.bias", new long[] {width});
    }
    m.put(v + "ln_post.weight", new long[] {width});
    m.put(v + "ln_post.bias", new long[] {width});
    m.put(v + "proj", new long[] {width, outputDim});
    return m;
  }

  /**
   * The name prefix of one block.
   *
   * @param block the block index from 0
   * @return {@code visual.transformer.resblocks.<block>.}
   */
  public static String blockPrefix(int block) {
    return PREFIX + "transformer.resblocks." + block + ".";
  }
}
