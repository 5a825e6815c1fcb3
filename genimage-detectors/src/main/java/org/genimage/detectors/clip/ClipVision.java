package org.genimage.detectors.clip;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.transformer.VitBlocks;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * CLIP's image tower: writes what OpenAI CLIP's {@code VisionTransformer.forward} computes, from normalised
 * images to the image embedding ({@code encode_image}), with the pre-norm blocks shared with DeiT
 * ({@link VitBlocks}). Stateless.
 *
 * <p>The graph names the activations {@code clip.embed} (tokens plus position embedding), {@code clip.ln_pre},
 * {@code clip.block0}.. and {@code clip.embedding} (after {@code ln_post} and {@code proj}) for parity checks.
 */
public final class ClipVision {
  /** The graph name of the image embedding {@code [batch, outputDim]}. */
  public static final String EMBEDDING = "clip.embedding";

  private ClipVision() {}

  /**
   * Writes the tower into a graph.
   *
   * @param config the tower's shape
   * @param g the builder
   * @param w the tensor accessor by OpenAI name ({@code g::buffer} for a frozen tower, {@code g::param} to
   *     train it)
   * @param in normalised images {@code [batch, 3, size, size]} (NCHW)
   * @return the image embedding {@code [batch, outputDim]}
   */
  public static SDVariable embedding(ClipVisionConfig config, GraphBuilder g, Function<String, SDVariable> w,
      SDVariable in) {
    Checks.notNull("config", config);
    SameDiff sd = g.sd();
    String v = ClipVisionConfig.PREFIX;
    int d = config.width();
    SDVariable tokens = VitBlocks.patchTokens(in, w.apply(v + "conv1.weight"), null, config.patchSize(),
        config.grid(), d);
    SDVariable x = sd.identity("clip.embed",
        VitBlocks.withClassToken(tokens, w.apply(v + "class_embedding")).add(w.apply(v + "positional_embedding")));
    x = sd.identity("clip.ln_pre",
        g.layerNorm(x, 3, w.apply(v + "ln_pre.weight"), w.apply(v + "ln_pre.bias"), ClipVisionConfig.LN_EPS));
    VitBlocks.Tokens shape = new VitBlocks.Tokens(config.seqLength(), d, config.heads());
    for (int i = 0; i < config.layers(); i++) {
      x = sd.identity("clip.block" + i, VitBlocks.encoderBlock(g, w, ClipVisionConfig.blockPrefix(i),
          VitBlocks.BlockNames.OPENAI, x, shape, ClipVisionConfig.LN_EPS, config.activation(), 0));
    }
    SDVariable cls = g.layerNorm(VitBlocks.classToken(x, d), 2, w.apply(v + "ln_post.weight"),
        w.apply(v + "ln_post.bias"), ClipVisionConfig.LN_EPS);
    return sd.identity(EMBEDDING, sd.mmul(cls, w.apply(v + "proj")));
  }

  /**
   * Random tower weights with the scales of OpenAI's initialisation: class and position embeddings and the
   * projection Gaussian with std {@code width^-0.5}; attention input {@code width^-0.5}, attention output and
   * MLP output {@code width^-0.5 (2 layers)^-0.5}, MLP input {@code (2 width)^-0.5}; the patch convolution
   * {@code (3 patch^2)^-0.5}; LayerNorm scales 1, biases 0. Deterministic in the seed. A random tower is no
   * feature extractor worth the name; these are for tests and for training a tower from scratch.
   *
   * @param config the tower
   * @param seed the seed
   * @return the tensors under OpenAI names
   */
  public static Map<String, NamedTensor> random(ClipVisionConfig config, long seed) {
    Checks.notNull("config", config);
    SplittableRandom rnd = new SplittableRandom(seed);
    double scale = 1 / Math.sqrt(config.width());
    double projStd = scale / Math.sqrt(2.0 * config.layers());
    Map<String, NamedTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : config.expectedShapes().entrySet()) {
      String n = e.getKey();
      long[] shape = e.getValue();
      float[] v = new float[(int) NamedTensor.elementCount(shape)];
      double std;
      if (n.contains("ln_") && n.endsWith(".weight")) {
        java.util.Arrays.fill(v, 1f);
        std = 0;
      } else if (n.endsWith("bias")) {
        std = 0;
      } else if (n.endsWith("conv1.weight")) {
        std = 1 / Math.sqrt(3.0 * config.patchSize() * config.patchSize());
      } else if (n.endsWith("in_proj_weight")) {
        std = scale;
      } else if (n.endsWith("out_proj.weight") || n.endsWith("c_proj.weight")) {
        std = projStd;
      } else if (n.endsWith("c_fc.weight")) {
        std = 1 / Math.sqrt(2.0 * config.width());
      } else {
        std = scale;
      }
      for (int i = 0; std > 0 && i < v.length; i++) {
        v[i] = (float) (std * gaussian(rnd));
      }
      out.put(n, NamedTensor.f32(n, shape, v));
    }
    return out;
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double w = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
  }
}
