package org.genimage.detectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * What an {@link Architecture} writes its forward pass against, once, for both inference and training.
 *
 * <p>The two implementations differ only where they must: {@link InferenceGraphBuilder} turns parameters into
 * constants, folds batch norm into the preceding convolution ({@link #convBn}) and may lay activations out
 * channels-last; {@link TrainingGraphBuilder} turns trainable parameters into SameDiff variables, normalises
 * with batch statistics and records them so the trainer can update the running statistics. Parameters are
 * addressed by their canonical (PyTorch) names and layouts; the builder converts conv weights to SameDiff's
 * {@code [kh, kw, in, out]} layout itself.
 *
 * <p>Anything not covered here is written with {@link #sd()} directly (matmul, softmax, erf, reshape, ...);
 * use {@link #param(String)} for weights and {@link #channelAxis()} for layout-dependent reductions. Builders
 * are single-use and not thread-safe.
 */
public abstract class GraphBuilder {
  /**
   * A span of the graph that computes one well-known function, recorded by the builder so that a compiler (the
   * oneDNN training plan) may run it as one primitive instead of the element-wise ops that spell it out.
   *
   * @param kind    the function
   * @param inputs  names of the graph variables it reads (the activation first, then parameters)
   * @param outputs names of the graph variables it defines (the result first)
   * @param eps     the epsilon of a normalisation (0 otherwise)
   */
  public record Region(Kind kind, List<String> inputs, List<String> outputs, double eps) {
    /** The functions. */
    public enum Kind {
      /**
       * Batch normalisation over the channels of NCHW data with batch statistics; inputs x, weight, bias; outputs
       * y, the batch mean and the unbiased batch variance (both {@code [c]}).
       */
      BATCH_NORM,
      /** Layer normalisation over the last axis; inputs x, weight, bias; output y. */
      LAYER_NORM,
      /** Exact (erf) GELU; input x; output y. */
      GELU
    }

    /** Copies the lists. */
    public Region {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
    }
  }

  /** The graph being built. */
  protected final SameDiff sd;
  /** Canonical weights by name (parameters and buffers). */
  protected final Map<String, NamedTensor> weights;
  private final List<Region> regions = new ArrayList<>();

  /**
   * A builder over a graph and a set of weights.
   *
   * @param sd      the graph
   * @param weights canonical weights by name
   */
  protected GraphBuilder(SameDiff sd, Map<String, NamedTensor> weights) {
    this.sd = Checks.notNull("sd", sd);
    this.weights = Checks.notNull("weights", weights);
  }

  /**
   * The graph, for ops this class does not wrap.
   *
   * @return the SameDiff instance
   */
  public final SameDiff sd() {
    return sd;
  }

  /**
   * Whether this builds the training graph.
   *
   * @return true for training
   */
  public abstract boolean training();

  /**
   * Whether 4-d activations are NHWC (true) or NCHW (false). Training graphs are always NCHW; inference
   * graphs are NHWC only when the architecture {@link Architecture#supportsChannelsLast() supports} it.
   *
   * @return true for NHWC
   */
  public abstract boolean channelsLast();

  /**
   * The channel axis of 4-d activations.
   *
   * @return 3 for NHWC, 1 for NCHW
   */
  public final int channelAxis() {
    return channelsLast() ? 3 : 1;
  }

  /**
   * A weight's values (canonical layout), for architectures that precompute something from them.
   *
   * @param name canonical name
   * @return the tensor
   * @throws BadModelFileException when no such weight was supplied
   */
  public final NamedTensor weight(String name) {
    NamedTensor t = weights.get(name);
    if (t == null) {
      throw new BadModelFileException(null, "the graph needs weight '" + name + "', which is missing");
    }
    return t;
  }

  /**
   * A trainable parameter in its canonical layout: a variable when training, a constant otherwise.
   *
   * @param name canonical name
   * @return the variable
   */
  public abstract SDVariable param(String name);

  /**
   * A non-trainable buffer (a constant in both modes).
   *
   * @param name canonical name
   * @return the constant
   */
  public abstract SDVariable buffer(String name);

  /**
   * A conv weight in SameDiff's {@code [kh, kw, in, out]} layout.
   *
   * @param name canonical name of a {@code [out, in, kh, kw]} weight
   * @return the variable
   */
  protected abstract SDVariable convWeight(String name);

  /**
   * A 2-d convolution with square kernel (from the weight's shape), stride and zero padding, no dilation, one
   * group.
   *
   * @param weightName canonical name of the {@code [out, in, k, k]} weight
   * @param biasName   canonical name of the {@code [out]} bias, or null for none
   * @param x          the input activation
   * @param stride     the stride
   * @param padding    zero padding on each side
   * @return the output activation
   */
  public SDVariable conv2d(String weightName, String biasName, SDVariable x, int stride, int padding) {
    long[] s = weight(weightName).shape();
    SDVariable w = convWeight(weightName);
    Conv2DConfig cfg = convConfig(s[2], s[3], stride, padding);
    return biasName == null ? sd.cnn().conv2d(x, w, cfg) : sd.cnn().conv2d(x, w, param(biasName), cfg);
  }

  /**
   * The config of a convolution in this builder's layout.
   *
   * @param kh      kernel height
   * @param kw      kernel width
   * @param stride  stride
   * @param padding padding
   * @return the config
   */
  protected final Conv2DConfig convConfig(long kh, long kw, int stride, int padding) {
    return Conv2DConfig.builder().kH(kh).kW(kw).sH(stride).sW(stride).pH(padding).pW(padding).dH(1).dW(1)
        .paddingMode(PaddingMode.VALID).dataFormat(channelsLast() ? "NHWC" : "NCHW").build();
  }

  /**
   * A bias-free convolution followed by batch norm ({@code bn.weight}, {@code bn.bias},
   * {@code bn.running_mean}, {@code bn.running_var}). Inference folds the two into one convolution with bias.
   *
   * @param convWeightName canonical name of the conv weight
   * @param bnPrefix       prefix of the batch-norm tensors, e.g. {@code layer1.0.bn1}
   * @param x              input
   * @param stride         conv stride
   * @param padding        conv padding
   * @param eps            batch-norm epsilon (PyTorch default 1e-5)
   * @return the normalised output
   */
  public abstract SDVariable convBn(String convWeightName, String bnPrefix, SDVariable x, int stride,
      int padding, double eps);

  /**
   * Batch norm over the channel axis on its own.
   *
   * @param bnPrefix prefix of the batch-norm tensors
   * @param x        input (4-d)
   * @param eps      epsilon
   * @return the output
   */
  public abstract SDVariable batchNorm(String bnPrefix, SDVariable x, double eps);

  /**
   * A fully connected layer {@code x W^T + b} with PyTorch's {@code [out, in]} weight.
   *
   * @param prefix prefix of {@code .weight} and {@code .bias}
   * @param x      input {@code [n, in]}
   * @return output {@code [n, out]}
   */
  public SDVariable linear(String prefix, SDVariable x) {
    SDVariable w = param(prefix + ".weight");
    return sd.mmul(x, w, false, true, false).add(param(prefix + ".bias"));
  }

  /**
   * ReLU.
   *
   * @param x input
   * @return max(x, 0)
   */
  public SDVariable relu(SDVariable x) {
    return sd.nn().relu(x, 0.0);
  }

  /**
   * Max pooling with square window, stride and (ignored-value) padding, as {@code torch.nn.MaxPool2d}.
   *
   * @param x       input
   * @param kernel  window size
   * @param stride  stride
   * @param padding padding on each side
   * @return output
   */
  public SDVariable maxPool(SDVariable x, int kernel, int stride, int padding) {
    Pooling2DConfig cfg = Pooling2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(padding)
        .pW(padding).dH(1).dW(1).type(Pooling2D.Pooling2DType.MAX).paddingMode(PaddingMode.VALID)
        .isNHWC(channelsLast()).build();
    return sd.cnn().maxPooling2d(x, cfg);
  }

  /**
   * Global average pooling to {@code [n, channels]}.
   *
   * @param x 4-d input
   * @return the per-channel means
   */
  public SDVariable globalAvgPool(SDVariable x) {
    return channelsLast() ? x.mean(1, 2) : x.mean(2, 3);
  }

  /**
   * Per-sample stochastic depth ("drop path", as timm's {@code DropPath} and torchvision's
   * {@code StochasticDepth(mode="row")}) on a residual branch: at inference the identity; in training each
   * sample's branch is multiplied by 0 with probability {@code rate}, else by {@code 1 / (1 - rate)}. Each call
   * draws independently. The training builder implements it with a mask placeholder that the trainer fills
   * every step (M2.1's random ops return the same values on every execution of a graph with an open batch
   * dimension, so the masks are drawn in Java).
   *
   * @param x    the branch output, batch first
   * @param rank the rank of {@code x}
   * @param rate the drop probability in [0, 1)
   * @return the branch, masked in training
   */
  public SDVariable dropPath(SDVariable x, int rank, double rate) {
    Checks.inRange("rate", rate, 0.0, 0.999);
    Checks.inRange("rank", rank, 1, 8);
    return x;
  }

  /**
   * LayerNorm over the last axis with an explicit epsilon and biased variance, as PyTorch's {@code nn.LayerNorm}
   * (M2.1's {@code layerNorm} has no epsilon). The axis is given as a positive number: in M2.1 {@code mean(x, true,
   * -1)} returns the right shape but wrong values beyond the first row.
   *
   * @param x     input
   * @param rank  the rank of {@code x}
   * @param gamma the scale, {@code [last]}
   * @param beta  the shift, {@code [last]}
   * @param eps   epsilon
   * @return the normalised input
   */
  public SDVariable layerNorm(SDVariable x, int rank, SDVariable gamma, SDVariable beta, double eps) {
    int last = rank - 1;
    SDVariable mean = sd.mean(x, true, last);
    SDVariable centred = x.sub(mean);
    SDVariable var = sd.mean(sd.math().square(centred), true, last);
    SDVariable y = centred.mul(sd.math().rsqrt(var.add(eps))).mul(gamma).add(beta);
    record(new Region(Region.Kind.LAYER_NORM, List.of(x.name(), gamma.name(), beta.name()), List.of(y.name()), eps));
    return y;
  }

  /**
   * Exact GELU, {@code 0.5 x (1 + erf(x / sqrt 2))}, as PyTorch's default; M2.1's {@code gelu} is the sigmoid
   * approximation.
   *
   * @param x input
   * @return GELU of x
   */
  public SDVariable gelu(SDVariable x) {
    SDVariable y = x.mul(0.5).mul(sd.math().erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0));
    record(new Region(Region.Kind.GELU, List.of(x.name()), List.of(y.name()), 0));
    return y;
  }

  /**
   * Inverted dropout ({@code torch.nn.Dropout}): at inference the identity; in training each element is
   * multiplied by 0 with probability {@code rate}, else by {@code 1 / (1 - rate)}. The training builder feeds the
   * mask from Java every step, as for {@link #dropPath}.
   *
   * @param x        the input, {@code [n, features]}
   * @param features the feature count
   * @param rate     the drop probability in [0, 1)
   * @return the input, masked in training
   */
  public SDVariable dropout(SDVariable x, long features, double rate) {
    Checks.inRange("rate", rate, 0.0, 0.999);
    Checks.inRange("features", features, 1, Integer.MAX_VALUE);
    return x;
  }

  /**
   * Records a region (see {@link Region}).
   *
   * @param region the region
   */
  protected final void record(Region region) {
    regions.add(Checks.notNull("region", region));
  }

  /**
   * The regions recorded so far, in graph order.
   *
   * @return the regions
   */
  public final List<Region> regions() {
    return List.copyOf(regions);
  }

  /**
   * Reshapes a per-channel vector so it broadcasts over 4-d activations.
   *
   * @param v        a {@code [c]} variable
   * @param channels c
   * @return {@code [1, c, 1, 1]} or {@code [1, 1, 1, c]}
   */
  protected final SDVariable perChannel(SDVariable v, long channels) {
    return channelsLast() ? v.reshape(1, 1, 1, channels) : v.reshape(1, channels, 1, 1);
  }
}
