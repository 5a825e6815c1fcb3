package org.genimage.detectors.transformer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.preprocess.PreprocessingPipeline;

/**
 * The shape of a DeiT / ViT classifier, laid out as torchvision's {@code VisionTransformer}: patch
 * embedding, class token, learned position embedding, pre-norm encoder blocks (LayerNorm eps 1e-6),
 * final LayerNorm and a linear head on the class token.
 *
 * @param imageSize the side of the square input in pixels; a multiple of {@code patchSize}
 * @param patchSize the side of a patch in pixels
 * @param width the token width (hidden dimension)
 * @param depth the number of encoder blocks
 * @param heads the number of attention heads; divides {@code width}
 * @param mlpDim the hidden width of each block's MLP
 * @param numClasses the number of logits
 * @param dropPath the stochastic-depth rate of the last block at training time (timm's rule: block
 *     {@code i} drops with {@code dropPath * i / (depth - 1)}); 0 disables it
 * @param preprocessing the image preprocessing; its output is {@code imageSize} square
 */
public record DeitConfig(
    int imageSize, int patchSize, int width, int depth, int heads, int mlpDim, int numClasses,
    double dropPath, PreprocessingPipeline preprocessing) {
  /** LayerNorm epsilon of torchvision's VisionTransformer and timm's DeiT. */
  public static final double LN_EPS = 1e-6;

  /**
   * Validates the components.
   *
   * @throws BadArgumentException for a non-positive size, an image size that is not a multiple of
   *     the patch size, heads that do not divide the width, a drop rate outside [0, 1), a class count
   *     other than 1 or 2, or a preprocessing whose output is not the image size
   */
  public DeitConfig {
    Checks.inRange("imageSize", imageSize, 1, ReadLimits.MAX_INPUT_SIDE);
    Checks.inRange("patchSize", patchSize, 1, imageSize);
    Checks.inRange("width", width, 1, ReadLimits.MAX_MODEL_WIDTH);
    Checks.inRange("depth", depth, 1, ReadLimits.MAX_MODEL_BLOCKS);
    Checks.inRange("heads", heads, 1, width);
    Checks.inRange("mlpDim", mlpDim, 1, ReadLimits.MAX_MODEL_WIDTH);
    Checks.inRange("numClasses", numClasses, 1, 2);
    Checks.inRange("dropPath", dropPath, 0.0, 0.99);
    Checks.notNull("preprocessing", preprocessing);
    if (preprocessing.width() != imageSize || preprocessing.height() != imageSize) {
      throw new BadArgumentException("preprocessing", preprocessing.width() + "x" + preprocessing.height(),
          "an output of the image size " + imageSize);
    }
    if (imageSize % patchSize != 0) {
      throw new BadArgumentException("imageSize", imageSize, "a multiple of patchSize " + patchSize);
    }
    if (width % heads != 0) {
      throw new BadArgumentException("heads", heads, "a divisor of width " + width);
    }
  }

  /**
   * A configuration with the default preprocessing for its size ({@link #defaultPreprocessing}).
   *
   * @param imageSize the input side in pixels
   * @param patchSize the patch side in pixels
   * @param width the token width
   * @param depth the number of blocks
   * @param heads the number of heads
   * @param mlpDim the MLP hidden width
   * @param numClasses 1 (one logit, BCE) or 2 (REAL / FAKE, cross-entropy)
   * @param dropPath the last block's stochastic-depth rate
   * @return the configuration
   */
  public static DeitConfig of(int imageSize, int patchSize, int width, int depth, int heads, int mlpDim,
      int numClasses, double dropPath) {
    return new DeitConfig(imageSize, patchSize, width, depth, heads, mlpDim, numClasses, dropPath,
        defaultPreprocessing(imageSize));
  }

  /**
   * The preprocessing a network of an input size gets unless configured: at 224 the ImageNet evaluation
   * recipe (resize 256, centre-crop 224, ImageNet mean / std); other (small) sizes keep the image size and
   * centre-crop their own size, with ImageNet normalisation.
   *
   * @param imageSize the input side
   * @return the preprocessing
   */
  public static PreprocessingPipeline defaultPreprocessing(int imageSize) {
    return imageSize == 224 ? PreprocessingPipeline.imagenet(256, 224)
        : PreprocessingPipeline.imagenet(0, imageSize);
  }

  /**
   * DeiT-S ({@code deit_small_patch16_224}): patch 16, width 384, 12 blocks, 6 heads, MLP 1536, at 224
   * pixels, drop-path 0.1 as the GenImage baseline was trained.
   *
   * @param numClasses the number of logits (2 for a detector)
   * @return the configuration
   */
  public static DeitConfig deitSmall(int numClasses) {
    return of(224, 16, 384, 12, 6, 1536, numClasses, 0.1);
  }

  /**
   * The same network at another input size (the position embedding must then be resampled, see
   * {@code PosEmbed}), with that size's default preprocessing.
   *
   * @param newImageSize the new side in pixels
   * @return the configuration
   */
  public DeitConfig withImageSize(int newImageSize) {
    return of(newImageSize, patchSize, width, depth, heads, mlpDim, numClasses, dropPath);
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
   * The stochastic-depth rate of one block, growing linearly with depth as in timm.
   *
   * @param block the block index from 0
   * @return its drop probability
   */
  public double dropPathOf(int block) {
    return depth == 1 ? dropPath : dropPath * block / (depth - 1);
  }

  /**
   * Every tensor the network needs, under torchvision's state-dict names, with its shape.
   *
   * @return an ordered map of names to shapes
   */
  public Map<String, long[]> expectedShapes() {
    Map<String, long[]> m = new LinkedHashMap<>();
    m.put("conv_proj.weight", new long[] {width, 3, patchSize, patchSize});
    m.put("conv_proj.bias", new long[] {width});
    m.put("class_token", new long[] {1, 1, width});
    m.put("encoder.pos_embedding", new long[] {1, seqLength(), width});
    for (int i = 0; i < depth; i++) {
      String p = "encoder.layers.encoder_layer_" + i + ".";
      m.put(p + "ln_1.weight", new long[] {width});
      m.put(p + "ln_1.bias", new long[] {width});
      m.put(p + "self_attention.in_proj_weight", new long[] {3L * width, width});
      m.put(p + "self_attention.in_proj_bias", new long[] {3L * width});
      m.put(p + "self_attention.out_proj.weight", new long[] {width, width});
      m.put(p + "self_attention.out_proj.bias", new long[] {width});
      m.put(p + "ln_2.weight", new long[] {width});
      m.put(p + "ln_2.bias", new long[] {width});
      m.put(p + "mlp.0.weight", new long[] {mlpDim, width});
      m.put(p + "mlp.0.bias", new long[] {mlpDim});
      m.put(p + "mlp.3.weight", new long[] {width, mlpDim});
      m.put(p + "mlp.3.bias", new long[] {width});
    }
    m.put("encoder.ln.weight", new long[] {width});
    m.put("encoder.ln.bias", new long[] {width});
    m.put("heads.head.weight", new long[] {numClasses, width});
    m.put("heads.head.bias", new long[] {numClasses});
    return m;
  }
}
