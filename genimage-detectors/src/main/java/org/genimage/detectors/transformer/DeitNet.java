package org.genimage.detectors.transformer;

import java.util.LinkedHashMap;
import java.util.Map;
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
   * Builds the network.
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
    final int d = config.width();
    final int p = config.patchSize();
    final int g = config.grid();
    final int s = config.seqLength();
    final int h = config.heads();
    final int hd = d / h;
    Map<String, String> acts = new LinkedHashMap<>();
    Map<String, Double> drops = new LinkedHashMap<>();

    SDVariable in = sd.placeHolder(TransformerGraph.INPUT, DataType.FLOAT, -1, 3, config.imageSize(),
        config.imageSize());
    // Patchify + matmul instead of conv2d: conv2d_bp ignores the OIYX weight format in M2.1.
    SDVariable convW = GraphOps.param(sd, weights, "conv_proj.weight", d, 3, p, p);
    SDVariable convB = GraphOps.param(sd, weights, "conv_proj.bias", d);
    SDVariable patches = sd.permute(sd.reshape(in, -1, 3, g, p, g, p), 0, 2, 4, 1, 3, 5);
    SDVariable tokens = GraphOps.linearLast(patches, 3L * p * p, sd.reshape(convW, d, 3L * p * p),
        convB, -1, (long) g * g, d);

    SDVariable cls = GraphOps.param(sd, weights, "class_token", 1, 1, d);
    // zeros of [batch, 1, d] plus the token: a broadcast that keeps the batch dimension open
    SDVariable clsBatch = sd.zerosLike(GraphOps.sliceAxis(tokens, 3, 1, 0, 1, 1)).add(cls);
    SDVariable pos = GraphOps.param(sd, weights, "encoder.pos_embedding", 1, s, d);
    SDVariable x = sd.concat(1, clsBatch, tokens).add(pos);
    x = sd.identity("embed", x);
    acts.put("embed", x.name());

    for (int i = 0; i < config.depth(); i++) {
      String pre = "encoder.layers.encoder_layer_" + i + ".";
      SDVariable mask = null;
      double rate = config.dropPathOf(i);
      if (training && rate > 0) {
        mask = sd.placeHolder("droppath." + i, DataType.FLOAT, -1, 1, 1);
        drops.put(mask.name(), rate);
      }
      SDVariable y = GraphOps.layerNorm(x, 3, GraphOps.param(sd, weights, pre + "ln_1.weight", d),
          GraphOps.param(sd, weights, pre + "ln_1.bias", d), DeitConfig.LN_EPS);
      SDVariable inW = GraphOps.param(sd, weights, pre + "self_attention.in_proj_weight", 3L * d, d);
      SDVariable inB = GraphOps.param(sd, weights, pre + "self_attention.in_proj_bias", 3L * d);
      SDVariable qkv = GraphOps.linear(sd.reshape(y, -1, d), inW, inB);
      SDVariable q = heads(sd, GraphOps.sliceAxis(qkv, 2, 1, 0, d, 1), s, h, hd).mul(1.0 / Math.sqrt(hd));
      SDVariable k = heads(sd, GraphOps.sliceAxis(qkv, 2, 1, d, 2L * d, 1), s, h, hd);
      SDVariable v = heads(sd, GraphOps.sliceAxis(qkv, 2, 1, 2L * d, 3L * d, 1), s, h, hd);
      SDVariable attn = sd.nn().softmax(sd.mmul(q, k, false, true, false), 3);
      SDVariable o = sd.reshape(sd.permute(sd.mmul(attn, v), 0, 2, 1, 3), -1, d);
      o = GraphOps.linear(o, GraphOps.param(sd, weights, pre + "self_attention.out_proj.weight", d, d),
          GraphOps.param(sd, weights, pre + "self_attention.out_proj.bias", d));
      x = x.add(GraphOps.dropPath(sd.reshape(o, -1, s, d), mask));

      y = GraphOps.layerNorm(x, 3, GraphOps.param(sd, weights, pre + "ln_2.weight", d),
          GraphOps.param(sd, weights, pre + "ln_2.bias", d), DeitConfig.LN_EPS);
      y = GraphOps.linear(sd.reshape(y, -1, d),
          GraphOps.param(sd, weights, pre + "mlp.0.weight", config.mlpDim(), d),
          GraphOps.param(sd, weights, pre + "mlp.0.bias", config.mlpDim()));
      y = GraphOps.linear(GraphOps.gelu(y),
          GraphOps.param(sd, weights, pre + "mlp.3.weight", d, config.mlpDim()),
          GraphOps.param(sd, weights, pre + "mlp.3.bias", d));
      x = sd.identity("block" + i, x.add(GraphOps.dropPath(sd.reshape(y, -1, s, d), mask)));
      acts.put("block" + i, x.name());
    }
    x = GraphOps.layerNorm(x, 3, GraphOps.param(sd, weights, "encoder.ln.weight", d),
        GraphOps.param(sd, weights, "encoder.ln.bias", d), DeitConfig.LN_EPS);
    x = sd.identity("norm", x);
    acts.put("norm", x.name());
    SDVariable clsOut = sd.reshape(GraphOps.sliceAxis(x, 3, 1, 0, 1, 1), -1, d);
    SDVariable logits = GraphOps.linear(clsOut,
        GraphOps.param(sd, weights, "heads.head.weight", config.numClasses(), d),
        GraphOps.param(sd, weights, "heads.head.bias", config.numClasses()));
    logits = sd.identity(TransformerGraph.LOGITS, logits);
    acts.put("logits", logits.name());
    return new TransformerGraph(sd, "deit", acts, drops, 3);
  }

  /** {@code [batch * seq, width]} to {@code [batch, heads, seq, headDim]}. */
  private static SDVariable heads(SameDiff sd, SDVariable x2d, int seq, int heads, int headDim) {
    return sd.permute(sd.reshape(x2d, -1, seq, heads, headDim), 0, 2, 1, 3);
  }
}
