package org.genimage.detectors.transformer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Checks;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Builds DeiT / ViT as a SameDiff graph that computes what torchvision's {@code VisionTransformer}
 * computes (and timm's {@code VisionTransformer} for DeiT, whose blocks are the same maths).
 */
public final class DeitNet {
  private DeitNet() {}

  /**
   * Builds a stand-alone network whose weights are graph variables.
   *
   * @param config the shape
   * @param weights every tensor of {@link DeitConfig#expectedShapes()}, under torchvision names
   *     (copied into the graph; extra entries are ignored)
   * @param training true to add stochastic-depth mask placeholders (when the rate is positive)
   * @return the graph; the caller closes it
   * @throws BadModelFileException naming a missing or wrongly shaped tensor
   */
  public static TransformerGraph build(DeitConfig config, Map<String, INDArray> weights, boolean training) {
    Checks.notNull("config", config);
    Checks.notNull("weights", weights);
    SameDiff sd = SameDiff.create();
    Map<String, long[]> shapes = config.expectedShapes();
    SDVariable in = sd.placeHolder(TransformerGraph.INPUT, DataType.FLOAT, -1, 3, config.imageSize(),
        config.imageSize());
    Map<String, String> acts = new LinkedHashMap<>();
    Map<String, Double> drops = new LinkedHashMap<>();
    IntFunction<SDVariable> masks = null;
    if (training && config.dropPath() > 0) {
      masks = i -> {
        SDVariable m = sd.placeHolder("droppath." + i, DataType.FLOAT, -1, 1, 1);
        drops.put(m.name(), config.dropPathOf(i));
        return m;
      };
    }
    SDVariable logits = forward(config, sd, n -> GraphOps.param(sd, weights, n, shapes.get(n)), in, masks,
        acts);
    sd.identity(TransformerGraph.LOGITS, logits);
    acts.put("logits", TransformerGraph.LOGITS);
    return new TransformerGraph(sd, "deit", acts, drops, 3);
  }

  /**
   * Writes the forward pass into a graph.
   *
   * @param config the shape
   * @param sd the graph
   * @param p the weights by torchvision name
   * @param in normalised images {@code [batch, 3, size, size]}
   * @param dropPathMask for block {@code i}, a {@code [batch, 1, 1]} stochastic-depth mask, or null for
   *     none (inference)
   * @param activations receives the names of intermediate activations ({@code embed}, {@code blockN},
   *     {@code norm}); may be null
   * @return the logits {@code [batch, numClasses]}
   */
  public static SDVariable forward(DeitConfig config, SameDiff sd, ParamSource p, SDVariable in,
      IntFunction<SDVariable> dropPathMask, Map<String, String> activations) {
    final int d = config.width();
    final int ps = config.patchSize();
    final int g = config.grid();
    final int s = config.seqLength();
    final int h = config.heads();
    final int hd = d / h;
    Map<String, String> acts = activations == null ? new LinkedHashMap<>() : activations;

    // Patchify + matmul instead of conv2d: conv2d_bp ignores the OIYX weight format in M2.1.
    SDVariable patches = sd.permute(sd.reshape(in, -1, 3, g, ps, g, ps), 0, 2, 4, 1, 3, 5);
    SDVariable tokens = GraphOps.linearLast(patches, 3L * ps * ps,
        sd.reshape(p.param("conv_proj.weight"), d, 3L * ps * ps), p.param("conv_proj.bias"),
        -1, (long) g * g, d);
    // zeros of [batch, 1, d] plus the token: a broadcast that keeps the batch dimension open
    SDVariable clsBatch = sd.zerosLike(GraphOps.sliceAxis(tokens, 3, 1, 0, 1, 1)).add(p.param("class_token"));
    SDVariable x = sd.concat(1, clsBatch, tokens).add(p.param("encoder.pos_embedding"));
    acts.put("embed", x.name());

    for (int i = 0; i < config.depth(); i++) {
      String pre = "encoder.layers.encoder_layer_" + i + ".";
      SDVariable mask = dropPathMask == null ? null : dropPathMask.apply(i);
      SDVariable y = GraphOps.layerNorm(x, 3, p.param(pre + "ln_1.weight"), p.param(pre + "ln_1.bias"),
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
      x = x.add(GraphOps.dropPath(sd.reshape(o, -1, s, d), mask));

      y = GraphOps.layerNorm(x, 3, p.param(pre + "ln_2.weight"), p.param(pre + "ln_2.bias"),
          DeitConfig.LN_EPS);
      y = GraphOps.linear(sd.reshape(y, -1, d), p.param(pre + "mlp.0.weight"), p.param(pre + "mlp.0.bias"));
      y = GraphOps.linear(GraphOps.gelu(y), p.param(pre + "mlp.3.weight"), p.param(pre + "mlp.3.bias"));
      x = x.add(GraphOps.dropPath(sd.reshape(y, -1, s, d), mask));
      acts.put("block" + i, x.name());
    }
    x = GraphOps.layerNorm(x, 3, p.param("encoder.ln.weight"), p.param("encoder.ln.bias"), DeitConfig.LN_EPS);
    acts.put("norm", x.name());
    SDVariable clsOut = sd.reshape(GraphOps.sliceAxis(x, 3, 1, 0, 1, 1), -1, d);
    return GraphOps.linear(clsOut, p.param("heads.head.weight"), p.param("heads.head.bias"));
  }

  /** {@code [batch * seq, width]} to {@code [batch, heads, seq, headDim]}. */
  private static SDVariable heads(SameDiff sd, SDVariable x2d, int seq, int heads, int headDim) {
    return sd.permute(sd.reshape(x2d, -1, seq, heads, headDim), 0, 2, 1, 3);
  }
}
