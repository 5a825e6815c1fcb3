package org.genimage.detectors.transformer;

import java.util.function.Function;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.GraphBuilder;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The pieces every pre-norm Vision Transformer shares, written once for {@link Deit} (torchvision / timm
 * names, exact GELU) and CLIP's image tower ({@code org.genimage.detectors.clip}: OpenAI names, QuickGELU):
 * the patch embedding, the class token, the encoder block and the read-out of the class token. Tensors are
 * addressed through a caller's accessor, so one architecture may train them ({@link GraphBuilder#param}) and
 * another keep them frozen ({@link GraphBuilder#buffer}). Stateless.
 */
public final class VitBlocks {
  private VitBlocks() {}

  /** The MLP's activation. */
  public enum Activation {
    /** Exact GELU, {@code 0.5 x (1 + erf(x / sqrt 2))} (torchvision, timm, open_clip's own models). */
    GELU,
    /** OpenAI CLIP's {@code QuickGELU}, {@code x * sigmoid(1.702 x)}. */
    QUICK_GELU
  }

  /**
   * The tensor names of one block below its prefix; LayerNorms are {@code ln_1} and {@code ln_2} in both
   * torchvision's and OpenAI's layouts.
   *
   * @param attention the attention module's prefix, holding {@code in_proj_weight}, {@code in_proj_bias}
   *     and {@code out_proj.weight / .bias} (PyTorch's {@code nn.MultiheadAttention} layout)
   * @param fc1 the MLP's first linear layer (prefix of {@code .weight} and {@code .bias})
   * @param fc2 the MLP's second linear layer
   */
  public record BlockNames(String attention, String fc1, String fc2) {
    /** torchvision's {@code EncoderBlock}. */
    public static final BlockNames TORCHVISION = new BlockNames("self_attention.", "mlp.0", "mlp.3");
    /** OpenAI CLIP's and open_clip's {@code ResidualAttentionBlock}. */
    public static final BlockNames OPENAI = new BlockNames("attn.", "mlp.c_fc", "mlp.c_proj");

    /** Validates the components. */
    public BlockNames {
      Checks.notBlank("attention", attention);
      Checks.notBlank("fc1", fc1);
      Checks.notBlank("fc2", fc2);
    }
  }

  /**
   * The shape of the token sequence inside the blocks.
   *
   * @param seq the sequence length, class token included
   * @param width the token width
   * @param heads the number of attention heads (divides the width)
   */
  public record Tokens(int seq, int width, int heads) {
    /** Validates the components. */
    public Tokens {
      Checks.positive("seq", seq);
      Checks.positive("width", width);
      Checks.inRange("heads", heads, 1, width);
      if (width % heads != 0) {
        throw new org.genimage.api.BadArgumentException("heads", heads, "a divisor of width " + width);
      }
    }
  }

  /**
   * The patch embedding, a {@code patch x patch} convolution of stride {@code patch}, written as a patchify
   * reshape plus a matrix product (M2.1's {@code conv2d_bp} ignores the OIYX weight format).
   *
   * @param in normalised images {@code [batch, 3, grid * patch, grid * patch]}
   * @param weight the convolution weight {@code [width, 3, patch, patch]}
   * @param bias its bias {@code [width]}, or null for none (CLIP)
   * @param patch the patch side
   * @param grid patches per side
   * @param width the token width
   * @return the patch tokens {@code [batch, grid * grid, width]}, row-major over the grid
   */
  public static SDVariable patchTokens(SDVariable in, SDVariable weight, SDVariable bias, int patch, int grid,
      int width) {
    SameDiff sd = in.getSameDiff();
    SDVariable patches = sd.permute(sd.reshape(in, -1, 3, grid, patch, grid, patch), 0, 2, 4, 1, 3, 5);
    return GraphOps.linearLast(patches, 3L * patch * patch, sd.reshape(weight, width, 3L * patch * patch), bias,
        -1, (long) grid * grid, width);
  }

  /**
   * Prepends a class token to every sequence of a batch.
   *
   * @param tokens {@code [batch, n, width]}
   * @param classToken the token, any shape that broadcasts to {@code [batch, 1, width]} ({@code [1, 1, width]}
   *     in torchvision, {@code [width]} in CLIP)
   * @return {@code [batch, n + 1, width]}
   */
  public static SDVariable withClassToken(SDVariable tokens, SDVariable classToken) {
    SameDiff sd = tokens.getSameDiff();
    // zeros of [batch, 1, d] plus the token: a broadcast that keeps the batch dimension open
    SDVariable clsBatch = sd.zerosLike(GraphOps.sliceAxis(tokens, 3, 1, 0, 1, 1)).add(classToken);
    return sd.concat(1, clsBatch, tokens);
  }

  /**
   * One pre-norm encoder block: {@code x + attn(ln_1(x))}, then {@code x + mlp(ln_2(x))}, each residual branch
   * through {@link GraphBuilder#dropPath} at {@code dropPath}.
   *
   * @param g the builder
   * @param w the tensor accessor (full name to variable)
   * @param prefix the block's name prefix, ending in a dot
   * @param names the tensor names below the prefix
   * @param x the tokens {@code [batch, seq, width]}
   * @param t the token shape
   * @param eps the LayerNorms' epsilon
   * @param act the MLP's activation
   * @param dropPath the stochastic-depth rate of both branches (0 for none)
   * @return the block's output, same shape
   */
  public static SDVariable encoderBlock(GraphBuilder g, Function<String, SDVariable> w, String prefix,
      BlockNames names, SDVariable x, Tokens t, double eps, Activation act, double dropPath) {
    SameDiff sd = g.sd();
    int d = t.width();
    int h = t.heads();
    int hd = d / h;
    int s = t.seq();
    String at = prefix + names.attention();
    SDVariable y = g.layerNorm(x, 3, w.apply(prefix + "ln_1.weight"), w.apply(prefix + "ln_1.bias"), eps);
    SDVariable qkv = GraphOps.linear(sd.reshape(y, -1, d), w.apply(at + "in_proj_weight"),
        w.apply(at + "in_proj_bias"));
    SDVariable q = heads(sd, GraphOps.sliceAxis(qkv, 2, 1, 0, d, 1), s, h, hd).mul(1.0 / Math.sqrt(hd));
    SDVariable k = heads(sd, GraphOps.sliceAxis(qkv, 2, 1, d, 2L * d, 1), s, h, hd);
    SDVariable v = heads(sd, GraphOps.sliceAxis(qkv, 2, 1, 2L * d, 3L * d, 1), s, h, hd);
    SDVariable attn = sd.nn().softmax(sd.mmul(q, k, false, true, false), 3);
    SDVariable o = sd.reshape(sd.permute(sd.mmul(attn, v), 0, 2, 1, 3), -1, d);
    o = GraphOps.linear(o, w.apply(at + "out_proj.weight"), w.apply(at + "out_proj.bias"));
    x = x.add(g.dropPath(sd.reshape(o, -1, s, d), 3, dropPath));

    y = g.layerNorm(x, 3, w.apply(prefix + "ln_2.weight"), w.apply(prefix + "ln_2.bias"), eps);
    y = GraphOps.linear(sd.reshape(y, -1, d), w.apply(prefix + names.fc1() + ".weight"),
        w.apply(prefix + names.fc1() + ".bias"));
    y = act == Activation.GELU ? g.gelu(y) : quickGelu(y);
    y = GraphOps.linear(y, w.apply(prefix + names.fc2() + ".weight"), w.apply(prefix + names.fc2() + ".bias"));
    return x.add(g.dropPath(sd.reshape(y, -1, s, d), 3, dropPath));
  }

  /**
   * OpenAI's {@code QuickGELU}, {@code x * sigmoid(1.702 x)}, as a scalar multiply, a sigmoid and a product:
   * ops the oneDNN plans already lower, forward and backward.
   *
   * @param x the input
   * @return QuickGELU of x
   */
  public static SDVariable quickGelu(SDVariable x) {
    return x.mul(x.getSameDiff().nn().sigmoid(x.mul(1.702)));
  }

  /**
   * The class token (the first of the sequence) of every sample.
   *
   * @param x the tokens {@code [batch, seq, width]}
   * @param width the token width
   * @return {@code [batch, width]}
   */
  public static SDVariable classToken(SDVariable x, int width) {
    return x.getSameDiff().reshape(GraphOps.sliceAxis(x, 3, 1, 0, 1, 1), -1, width);
  }

  /** {@code [batch * seq, width]} to {@code [batch, heads, seq, headDim]}. */
  private static SDVariable heads(SameDiff sd, SDVariable x2d, int seq, int heads, int headDim) {
    return sd.permute(sd.reshape(x2d, -1, seq, heads, headDim), 0, 2, 1, 3);
  }
}
