package org.genimage.detectors.transformer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.Head;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * DeiT / ViT as an {@link Architecture}: computes what torchvision's {@code VisionTransformer} computes (and
 * timm's {@code VisionTransformer} for DeiT, whose blocks are the same maths). Parameters carry torchvision's
 * state-dict names; timm names import through {@link #importRename()} (same image size) or
 * {@link TransformerWeights#deit} (which also resamples the position embedding). Immutable and thread-safe.
 *
 * <p>The graph names the activations {@code embed}, {@code block0}.. and {@code norm} for parity checks.
 * Weight decay skips 1-d tensors, the class token and the position embedding, as timm's
 * {@code no_weight_decay}; stochastic depth goes through {@link GraphBuilder#dropPath}.
 */
public final class Deit implements Architecture {
  /** Registry family name. */
  public static final String FAMILY = "deit";

  private final DeitConfig config;
  private final List<ParamSpec> params;

  /**
   * A DeiT of the given configuration.
   *
   * @param config the configuration
   */
  public Deit(DeitConfig config) {
    this.config = Checks.notNull("config", config);
    List<ParamSpec> p = new ArrayList<>();
    config.expectedShapes().forEach((n, s) -> p.add(new ParamSpec(n, s, true)));
    this.params = List.copyOf(p);
  }

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public DeitConfig config() {
    return config;
  }

  @Override
  public String displayName() {
    DeitConfig c = config;
    if (c.equals(DeitConfig.deitSmall(c.numClasses()))) {
      return "deit_small_patch16_224";
    }
    return "deit-p" + c.patchSize() + "-w" + c.width() + "-d" + c.depth() + "-" + c.imageSize();
  }

  @Override
  public PreprocessingPipeline preprocessing() {
    return config.preprocessing();
  }

  @Override
  public Head head() {
    return config.numClasses() == 1 ? Head.SINGLE_LOGIT : Head.TWO_CLASS;
  }

  @Override
  public List<ParamSpec> parameters() {
    return params;
  }

  /** timm's initialisation for training from scratch (see {@link TransformerWeights#randomDeit}). */
  @Override
  public Map<String, NamedTensor> initialise(long seed) {
    return TransformerWeights.randomDeit(config, seed);
  }

  @Override
  public UnaryOperator<String> importRename() {
    return TimmNames::deit;
  }

  @Override
  public Predicate<String> noWeightDecay() {
    return n -> n.equals("class_token") || n.equals("encoder.pos_embedding")
        || config.expectedShapes().getOrDefault(n, new long[2]).length <= 1;
  }

  @Override
  public SDVariable forward(GraphBuilder g, SDVariable input) {
    return forward(config, g, input);
  }

  /**
   * Writes the forward pass into a graph.
   *
   * @param config the shape
   * @param p the builder (weights by torchvision name, stochastic depth in training)
   * @param in normalised images {@code [batch, 3, size, size]}
   * @return the logits {@code [batch, numClasses]}
   */
  static SDVariable forward(DeitConfig config, GraphBuilder p, SDVariable in) {
    final SameDiff sd = p.sd();
    final int d = config.width();
    final int ps = config.patchSize();
    final int g = config.grid();
    final int s = config.seqLength();
    final int h = config.heads();
    final int hd = d / h;

    // Patchify + matmul instead of conv2d: conv2d_bp ignores the OIYX weight format in M2.1.
    SDVariable patches = sd.permute(sd.reshape(in, -1, 3, g, ps, g, ps), 0, 2, 4, 1, 3, 5);
    SDVariable tokens = GraphOps.linearLast(patches, 3L * ps * ps,
        sd.reshape(p.param("conv_proj.weight"), d, 3L * ps * ps), p.param("conv_proj.bias"),
        -1, (long) g * g, d);
    // zeros of [batch, 1, d] plus the token: a broadcast that keeps the batch dimension open
    SDVariable clsBatch = sd.zerosLike(GraphOps.sliceAxis(tokens, 3, 1, 0, 1, 1)).add(p.param("class_token"));
    SDVariable x = sd.identity("embed", sd.concat(1, clsBatch, tokens).add(p.param("encoder.pos_embedding")));

    for (int i = 0; i < config.depth(); i++) {
      String pre = "encoder.layers.encoder_layer_" + i + ".";
      double drop = config.dropPathOf(i);
      SDVariable y = p.layerNorm(x, 3, p.param(pre + "ln_1.weight"), p.param(pre + "ln_1.bias"),
          DeitConfig.LN_EPS);
      SDVariable qkv = GraphOps.linear(sd.reshape(y, -1, d), p.param(pre + "self_attention.in_proj_weight"),
          p.param(pre + "self_attention.in_proj_bias"));
      SDVariable q = heads(sd, GraphOps.sliceAxis(qkv, 2, 1, 0, d, 1), s, h, hd).mul(1.0 / Math.sqrt(hd));
      SDVariable k = heads(sd, GraphOps.sliceAxis(qkv, 2, 1, d, 2L * d, 1), s, h, hd);
      SDVariable v = heads(sd, GraphOps.sliceAxis(qkv, 2, 1, 2L * d, 3L * d, 1), s, h, hd);
      SDVariable attn = sd.nn().softmax(sd.mmul(q, k, false, true, false), 3);
      SDVariable o = sd.reshape(sd.permute(sd.mmul(attn, v), 0, 2, 1, 3), -1, d);
      o = GraphOps.linear(o, p.param(pre + "self_attention.out_proj.weight"),
          p.param(pre + "self_attention.out_proj.bias"));
      x = x.add(p.dropPath(sd.reshape(o, -1, s, d), 3, drop));

      y = p.layerNorm(x, 3, p.param(pre + "ln_2.weight"), p.param(pre + "ln_2.bias"),
          DeitConfig.LN_EPS);
      y = GraphOps.linear(sd.reshape(y, -1, d), p.param(pre + "mlp.0.weight"), p.param(pre + "mlp.0.bias"));
      y = GraphOps.linear(p.gelu(y), p.param(pre + "mlp.3.weight"), p.param(pre + "mlp.3.bias"));
      x = sd.identity("block" + i, x.add(p.dropPath(sd.reshape(y, -1, s, d), 3, drop)));
    }
    x = sd.identity("norm",
        p.layerNorm(x, 3, p.param("encoder.ln.weight"), p.param("encoder.ln.bias"), DeitConfig.LN_EPS));
    SDVariable clsOut = sd.reshape(GraphOps.sliceAxis(x, 3, 1, 0, 1, 1), -1, d);
    return GraphOps.linear(clsOut, p.param("heads.head.weight"), p.param("heads.head.bias"));
  }

  /** {@code [batch * seq, width]} to {@code [batch, heads, seq, headDim]}. */
  private static SDVariable heads(SameDiff sd, SDVariable x2d, int seq, int heads, int headDim) {
    return sd.permute(sd.reshape(x2d, -1, seq, heads, headDim), 0, 2, 1, 3);
  }
}
