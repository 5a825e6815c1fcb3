package org.genimage.detectors.transformer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.Head;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Swin Transformer as an {@link Architecture}: computes what torchvision's {@code swin_t} computes. Tokens
 * stay {@code [batch, height, width, channels]} between blocks, as in torchvision. Parameters carry
 * torchvision's state-dict names (its {@code relative_position_index} buffers are recomputed and skipped on
 * import); timm checkpoints import through {@link TransformerWeights#swin}, which tells timm's two layouts
 * apart. Immutable and thread-safe.
 *
 * <p>The graph names the activations {@code embed}, {@code stageS.blockB}, {@code mergeS} and {@code norm}
 * for parity checks. Weight decay skips 1-d tensors and the relative position bias tables, as timm's
 * {@code no_weight_decay}; stochastic depth goes through {@link GraphBuilder#dropPath}.
 */
public final class Swin implements Architecture {
  /** Registry family name. */
  public static final String FAMILY = "swin";

  private final SwinConfig config;
  private final List<ParamSpec> params;

  /**
   * A Swin Transformer of the given configuration.
   *
   * @param config the configuration
   */
  public Swin(SwinConfig config) {
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
  public SwinConfig config() {
    return config;
  }

  @Override
  public String displayName() {
    SwinConfig c = config;
    if (c.equals(SwinConfig.swinTiny(c.numClasses()))) {
      return "swin_tiny_patch4_window7_224";
    }
    return "swin-p" + c.patchSize() + "-w" + c.embedDim() + "-d" + c.depths() + "-win" + c.window() + "-"
        + c.imageSize();
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

  /** timm's initialisation for training from scratch (see {@link TransformerWeights#randomSwin}). */
  @Override
  public Map<String, NamedTensor> initialise(long seed) {
    return TransformerWeights.randomSwin(config, seed);
  }

  @Override
  public Predicate<String> importIgnore() {
    return n -> n.endsWith("num_batches_tracked") || TimmNames.isBuffer(n);
  }

  @Override
  public Predicate<String> noWeightDecay() {
    return n -> n.endsWith("relative_position_bias_table")
        || config.expectedShapes().getOrDefault(n, new long[2]).length <= 1;
  }

  @Override
  public SDVariable forward(GraphBuilder g, SDVariable input) {
    return forward(config, g, input);
  }

  /**
   * The stochastic-depth rate of a block, as torchvision: {@code dropPath * i / (n - 1)}.
   *
   * @param config the network
   * @param block the block index counted over all stages, from 0
   * @return its drop probability
   */
  static double dropPathOf(SwinConfig config, int block) {
    int total = config.totalBlocks();
    return total == 1 ? config.dropPath() : config.dropPath() * block / (total - 1);
  }

  /**
   * Writes the forward pass into a graph.
   *
   * @param config the shape
   * @param p the builder (weights by torchvision name, stochastic depth in training)
   * @param in normalised images {@code [batch, 3, size, size]}
   * @return the logits {@code [batch, numClasses]}
   */
  static SDVariable forward(SwinConfig config, GraphBuilder p, SDVariable in) {
    final SameDiff sd = p.sd();
    final int ps = config.patchSize();
    final int g = config.resolution(0);
    final long c0 = config.embedDim();
    SDVariable patches = sd.permute(sd.reshape(in, -1, 3, g, ps, g, ps), 0, 2, 4, 1, 3, 5);
    SDVariable x = GraphOps.linearLast(patches, 3L * ps * ps,
        sd.reshape(p.param("features.0.0.weight"), c0, 3L * ps * ps), p.param("features.0.0.bias"),
        -1, g, g, c0);
    x = sd.identity("embed", p.layerNorm(x, 4, p.param("features.0.2.weight"),
        p.param("features.0.2.bias"), SwinConfig.LN_EPS));

    int blockId = 0;
    for (int s = 0; s < config.stages(); s++) {
      SDVariable relOneHot = sd.constant(relativePositionOneHot(config.window()));
      for (int b = 0; b < config.depths().get(s); b++) {
        x = sd.identity("stage" + s + ".block" + b,
            block(sd, config, p, s, b, x, relOneHot, dropPathOf(config, blockId)));
        blockId++;
      }
      if (s < config.stages() - 1) {
        x = sd.identity("merge" + s, merge(sd, config, p, s, x));
      }
    }
    x = sd.identity("norm", p.layerNorm(x, 4, p.param("norm.weight"), p.param("norm.bias"),
        SwinConfig.LN_EPS));
    SDVariable pooled = sd.mean(x, false, 1, 2);
    return GraphOps.linear(pooled, p.param("head.weight"), p.param("head.bias"));
  }

  private static SDVariable block(SameDiff sd, SwinConfig config, GraphBuilder p, int s,
      int b, SDVariable x, SDVariable relOneHot, double drop) {
    final String pre = "features." + (2 * s + 1) + "." + b + ".";
    final long c = config.dim(s);
    final int r = config.resolution(s);
    final int w = config.window();
    final int nw = (r / w) * (r / w);
    final int n = w * w;
    final int heads = config.heads().get(s);
    final long hd = c / heads;
    final int shift = config.shift(s, b);

    SDVariable y = p.layerNorm(x, 4, p.param(pre + "norm1.weight"),
        p.param(pre + "norm1.bias"), SwinConfig.LN_EPS);
    if (shift > 0) {
      y = GraphOps.roll(GraphOps.roll(y, 4, 1, r, -shift), 4, 2, r, -shift);
    }
    // partition into windows: [B*nW, N, C], windows in row-major order
    y = sd.permute(sd.reshape(y, -1, r / w, w, r / w, w, c), 0, 1, 3, 2, 4, 5);
    SDVariable qkv = GraphOps.linear(sd.reshape(y, -1, c),
        p.param(pre + "attn.qkv.weight"),
        p.param(pre + "attn.qkv.bias"));
    SDVariable q = heads(sd, GraphOps.sliceAxis(qkv, 2, 1, 0, c, 1), n, heads, hd).mul(1.0 / Math.sqrt(hd));
    SDVariable k = heads(sd, GraphOps.sliceAxis(qkv, 2, 1, c, 2 * c, 1), n, heads, hd);
    SDVariable v = heads(sd, GraphOps.sliceAxis(qkv, 2, 1, 2 * c, 3 * c, 1), n, heads, hd);
    SDVariable attn = sd.mmul(q, k, false, true, false);
    // relative position bias as one-hot x table: gather's gradient is wrong for repeated indices in M2.1
    SDVariable table = p.param(pre + "attn.relative_position_bias_table");
    SDVariable bias = sd.reshape(sd.permute(sd.reshape(sd.mmul(relOneHot, table), n, n, heads), 2, 0, 1),
        1, heads, n, n);
    attn = attn.add(bias);
    if (shift > 0) {
      SDVariable shiftMask = sd.constant(shiftMask(r, w, shift));
      attn = sd.reshape(sd.reshape(attn, -1, nw, heads, n, n).add(shiftMask), -1, heads, n, n);
    }
    attn = sd.nn().softmax(attn, 3);
    SDVariable o = sd.reshape(sd.permute(sd.mmul(attn, v), 0, 2, 1, 3), -1, c);
    o = GraphOps.linear(o, p.param(pre + "attn.proj.weight"),
        p.param(pre + "attn.proj.bias"));
    // reverse the partition: [B, r/w, r/w, w, w, C] -> [B, r, r, C]
    o = sd.reshape(sd.permute(sd.reshape(o, -1, r / w, r / w, w, w, c), 0, 1, 3, 2, 4, 5), -1, r, r, c);
    if (shift > 0) {
      o = GraphOps.roll(GraphOps.roll(o, 4, 1, r, shift), 4, 2, r, shift);
    }
    x = x.add(p.dropPath(o, 4, drop));

    y = p.layerNorm(x, 4, p.param(pre + "norm2.weight"),
        p.param(pre + "norm2.bias"), SwinConfig.LN_EPS);
    y = GraphOps.linear(sd.reshape(y, -1, c),
        p.param(pre + "mlp.0.weight"),
        p.param(pre + "mlp.0.bias"));
    y = GraphOps.linear(p.gelu(y),
        p.param(pre + "mlp.3.weight"),
        p.param(pre + "mlp.3.bias"));
    return x.add(p.dropPath(sd.reshape(y, -1, r, r, c), 4, drop));
  }

  /** Patch merging: 2x2 neighbours concatenated in torchvision's order, LayerNorm, linear 4C to 2C. */
  private static SDVariable merge(SameDiff sd, SwinConfig config, GraphBuilder p, int s,
      SDVariable x) {
    final String pre = "features." + (2 * s + 2) + ".";
    final long c = config.dim(s);
    final int r = config.resolution(s);
    // [B, r/2, 2(h), r/2, 2(w), C] -> [B, r/2, r/2, 2(w), 2(h), C]: channel blocks (h,w) = 00, 10, 01, 11
    SDVariable y = sd.reshape(sd.permute(sd.reshape(x, -1, r / 2, 2, r / 2, 2, c), 0, 1, 3, 4, 2, 5),
        -1, r / 2, r / 2, 4 * c);
    y = p.layerNorm(y, 4, p.param(pre + "norm.weight"),
        p.param(pre + "norm.bias"), SwinConfig.LN_EPS);
    return GraphOps.linearLast(y, 4 * c, p.param(pre + "reduction.weight"),
        null, -1, r / 2, r / 2, 2 * c);
  }

  /** {@code [B*nW*N, C]} to {@code [B*nW, heads, N, headDim]}. */
  private static SDVariable heads(SameDiff sd, SDVariable x2d, int n, int heads, long headDim) {
    return sd.permute(sd.reshape(x2d, -1, n, heads, headDim), 0, 2, 1, 3);
  }

  /**
   * The constant {@code [N*N, (2w-1)^2]} one-hot matrix of torchvision's {@code
   * relative_position_index}: row {@code i*N + j} selects the table row of the offset between tokens
   * {@code i} and {@code j} of a window.
   */
  static INDArray relativePositionOneHot(int w) {
    int n = w * w;
    int t = (2 * w - 1) * (2 * w - 1);
    float[] m = new float[n * n * t];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int dh = i / w - j / w + w - 1;
        int dw = i % w - j % w + w - 1;
        m[(i * n + j) * t + dh * (2 * w - 1) + dw] = 1f;
      }
    }
    return Nd4j.create(m, new long[] {(long) n * n, t}, 'c');
  }

  /**
   * torchvision's attention mask for shifted windows, {@code [1, nW, 1, N, N]}: -100 between tokens
   * that came from different regions of the unshifted map, else 0.
   */
  static INDArray shiftMask(int r, int w, int shift) {
    int[] region = new int[r * r];
    int[] bounds = {0, r - w, r - shift, r};
    for (int y = 0; y < r; y++) {
      for (int x = 0; x < r; x++) {
        region[y * r + x] = band(bounds, y) * 3 + band(bounds, x);
      }
    }
    int per = r / w;
    int nw = per * per;
    int n = w * w;
    float[] m = new float[nw * n * n];
    for (int win = 0; win < nw; win++) {
      int wy = win / per;
      int wx = win % per;
      for (int i = 0; i < n; i++) {
        int ri = region[(wy * w + i / w) * r + wx * w + i % w];
        for (int j = 0; j < n; j++) {
          int rj = region[(wy * w + j / w) * r + wx * w + j % w];
          m[(win * n + i) * n + j] = ri == rj ? 0f : -100f;
        }
      }
    }
    return Nd4j.create(m, new long[] {1, nw, 1, n, n}, 'c');
  }

  private static int band(int[] bounds, int v) {
    return v < bounds[1] ? 0 : v < bounds[2] ? 1 : 2;
  }
}
