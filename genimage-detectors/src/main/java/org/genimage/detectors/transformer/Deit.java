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
    SDVariable tokens = VitBlocks.patchTokens(in, p.param("conv_proj.weight"), p.param("conv_proj.bias"),
        config.patchSize(), config.grid(), d);
    SDVariable x = sd.identity("embed",
        VitBlocks.withClassToken(tokens, p.param("class_token")).add(p.param("encoder.pos_embedding")));
    VitBlocks.Tokens shape = new VitBlocks.Tokens(config.seqLength(), d, config.heads());
    for (int i = 0; i < config.depth(); i++) {
      x = sd.identity("block" + i, VitBlocks.encoderBlock(p, p::param, "encoder.layers.encoder_layer_" + i + ".",
          VitBlocks.BlockNames.TORCHVISION, x, shape, DeitConfig.LN_EPS, VitBlocks.Activation.GELU,
          config.dropPathOf(i)));
    }
    x = sd.identity("norm",
        p.layerNorm(x, 3, p.param("encoder.ln.weight"), p.param("encoder.ln.bias"), DeitConfig.LN_EPS));
    return GraphOps.linear(VitBlocks.classToken(x, d), p.param("heads.head.weight"), p.param("heads.head.bias"));
  }
}
