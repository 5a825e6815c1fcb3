package org.genimage.detectors.frequency;

import org.genimage.detectors.frequency.GraphParams.Init;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.random.custom.DistributionUniform;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;

/**
 * PyTorch-equivalent layers for SameDiff graphs in NCHW, with tensors declared in PyTorch's layout and
 * names through {@link GraphParams}. Conv weights are kept as {@code [out, in, kh, kw]} and permuted to
 * SameDiff's default YXIO layout inside the graph: M2.1's {@code conv2d_bp} ignores the OIYX weights format
 * (see the project's SameDiff notes), and the permute keeps saved weights byte-compatible with PyTorch.
 */
public final class SdLayers {
  /** PyTorch's default batch-norm epsilon. */
  public static final double BN_EPS = 1e-5;

  private SdLayers() {
  }

  /**
   * {@code nn.Conv2d(in, out, k, stride, pad, bias=...)}.
   *
   * @param p the declaration context
   * @param name module name; declares {@code name.weight} (and {@code name.bias})
   * @param x input {@code [N, in, H, W]}
   * @param in input channels
   * @param out output channels
   * @param k square kernel size
   * @param stride stride
   * @param pad zero padding
   * @param bias whether the conv has a bias
   * @return the output
   */
  public static SDVariable conv(GraphParams p, String name, SDVariable x, int in, int out, int k,
      int stride, int pad, boolean bias) {
    SDVariable w = p.param(name + ".weight", Init.CONV_KAIMING_FAN_OUT, out, in, k, k);
    SDVariable b = bias ? p.param(name + ".bias", Init.LINEAR_UNIFORM, out) : null;
    SameDiff sd = p.sd();
    SDVariable yxio = sd.permute(w, 2, 3, 1, 0);
    Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad)
        .dataFormat("NCHW").build();
    return b == null ? sd.cnn().conv2d(x, yxio, cfg) : sd.cnn().conv2d(x, yxio, b, cfg);
  }

  /**
   * Depthwise {@code nn.Conv2d(c, c, k, stride, pad, groups=c, bias=...)}.
   *
   * @param p the declaration context
   * @param name module name; declares {@code name.weight} {@code [c, 1, k, k]} (and {@code name.bias})
   * @param x input
   * @param c channels
   * @param k kernel size
   * @param stride stride
   * @param pad padding
   * @param bias whether the conv has a bias
   * @return the output
   */
  public static SDVariable depthwise(GraphParams p, String name, SDVariable x, int c, int k, int stride,
      int pad, boolean bias) {
    SDVariable w = p.param(name + ".weight", Init.CONV_KAIMING_FAN_OUT, c, 1, k, k);
    SameDiff sd = p.sd();
    // SameDiff's depthwise weights are [kH, kW, iC, depthMultiplier]
    SDVariable hwc1 = sd.permute(w, 2, 3, 0, 1);
    Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad)
        .dataFormat("NCHW").build();
    SDVariable y = sd.cnn().depthWiseConv2d(x, hwc1, cfg);
    if (bias) {
      SDVariable b = p.param(name + ".bias", Init.LINEAR_UNIFORM, c);
      y = y.add(sd.reshape(b, 1, c, 1, 1));
    }
    return y;
  }

  /**
   * {@code nn.BatchNorm2d(c)}: running statistics in inference graphs, batch statistics (recorded in
   * {@link GraphParams#batchStatistics()}) in training graphs.
   *
   * @param p the declaration context
   * @param name module name; declares weight, bias, running_mean, running_var
   * @param x input {@code [N, c, H, W]}
   * @param c channels
   * @return the output
   */
  public static SDVariable batchNorm(GraphParams p, String name, SDVariable x, int c) {
    SDVariable gamma = p.param(name + ".weight", Init.ONES, c);
    SDVariable beta = p.param(name + ".bias", Init.ZEROS, c);
    SDVariable mean = p.buffer(name + ".running_mean", Init.ZEROS, c);
    SDVariable var = p.buffer(name + ".running_var", Init.ONES, c);
    SameDiff sd = p.sd();
    if (!p.training()) {
      return sd.nn().batchNorm(x, mean, var, gamma, beta, BN_EPS, 1);
    }
    SDVariable m = x.mean(true, 0, 2, 3);
    SDVariable centred = x.sub(m);
    SDVariable v = centred.mul(centred).mean(true, 0, 2, 3);
    SDVariable count = sd.sizeAt(x, 0).mul(sd.sizeAt(x, 2)).mul(sd.sizeAt(x, 3));
    p.recordBatchStatistics(new GraphParams.BatchStatistics(name + ".running_mean",
        name + ".running_var", sd.reshape(m, c), sd.reshape(v, c), count));
    SDVariable norm = centred.mul(sd.math().rsqrt(v.add(BN_EPS)));
    return norm.mul(sd.reshape(gamma, 1, c, 1, 1)).add(sd.reshape(beta, 1, c, 1, 1));
  }

  /**
   * {@code nn.Linear(in, out)} on {@code [N, in]}.
   *
   * @param p the declaration context
   * @param name module name; declares {@code name.weight} {@code [out, in]} and {@code name.bias}
   * @param x input
   * @param in input features
   * @param out output features
   * @return {@code [N, out]}
   */
  public static SDVariable linear(GraphParams p, String name, SDVariable x, int in, int out) {
    SDVariable w = p.param(name + ".weight", Init.LINEAR_UNIFORM, out, in);
    SDVariable b = p.param(name + ".bias", Init.LINEAR_UNIFORM, out);
    return x.mmul(p.sd().permute(w, 1, 0)).add(b);
  }

  /**
   * ReLU.
   *
   * @param x input
   * @return max(x, 0)
   */
  public static SDVariable relu(SDVariable x) {
    return x.getSameDiff().nn().relu(x, 0);
  }

  /**
   * {@code nn.MaxPool2d(k, stride, pad)} (padding never wins the max, as in PyTorch).
   *
   * @param x input NCHW
   * @param k window
   * @param stride stride
   * @param pad padding
   * @return the output
   */
  public static SDVariable maxPool(SDVariable x, int k, int stride, int pad) {
    Pooling2DConfig cfg = Pooling2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad)
        .type(Pooling2D.Pooling2DType.MAX).isNHWC(false).build();
    return x.getSameDiff().cnn().maxPooling2d(x, cfg);
  }

  /**
   * Global average pooling {@code [N, C, H, W] -> [N, C]}.
   *
   * @param x input
   * @return the means
   */
  public static SDVariable globalAvgPool(SDVariable x) {
    return x.mean(2, 3);
  }

  /**
   * Inverted dropout in training graphs, identity otherwise, on {@code [N, features]}.
   *
   * <p>M2.1's {@code dropoutInverted} has no derivative, so the mask is built from a uniform draw
   * ({@code DistributionUniform}) whose shape comes from the input placeholder (registered with
   * {@link GraphParams#batchSource(SDVariable)}), so that no gradient flows into the draw.
   *
   * @param p the declaration context
   * @param x input {@code [N, features]}
   * @param features the feature count
   * @param dropProbability probability of dropping a unit (PyTorch's {@code p})
   * @return the output
   */
  public static SDVariable dropout(GraphParams p, SDVariable x, int features, double dropProbability) {
    if (!p.training() || dropProbability == 0) {
      return x;
    }
    SameDiff sd = p.sd();
    SDVariable n = sd.reshape(sd.sizeAt(p.batchSource(), 0).castTo(DataType.LONG), 1);
    SDVariable shape = sd.concat(0, n, sd.constant(Nd4j.createFromArray(new long[] {features})));
    SDVariable u = new DistributionUniform(sd, shape, 0.0, 1.0, DataType.FLOAT).outputVariable();
    SDVariable keep = sd.gte(u, dropProbability).castTo(DataType.FLOAT).div(1.0 - dropProbability);
    return x.mul(keep);
  }
}
