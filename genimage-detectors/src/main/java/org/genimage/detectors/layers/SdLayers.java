package org.genimage.detectors.layers;

import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.layers.GraphParams.Init;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;

/**
 * PyTorch-equivalent layers (NCHW) for the frequency networks: each declares its tensors in
 * {@link GraphParams} under PyTorch's names and layouts and computes through the shared
 * {@link GraphBuilder} ({@code conv2d}, {@code convBn}, {@code batchNorm}, {@code linear}, {@code maxPool}),
 * so inference graphs fold batch norm into the preceding convolution and training graphs record batch
 * statistics for the shared trainer. Depthwise convolutions and dropout, which the builder does not offer,
 * are written here with SameDiff ops.
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
    p.declareOnly(name + ".weight", Init.CONV_KAIMING_FAN_OUT, true, out, in, k, k);
    if (bias) {
      p.declareOnly(name + ".bias", Init.LINEAR_UNIFORM, true, out);
    }
    GraphBuilder g = p.builder();
    if (g != null) {
      return g.conv2d(name + ".weight", bias ? name + ".bias" : null, x, stride, pad);
    }
    SameDiff sd = p.sd();
    SDVariable w = sd.permute(p.placeholder(name + ".weight", out, in, k, k), 2, 3, 1, 0);
    Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad)
        .dataFormat("NCHW").build();
    return bias ? sd.cnn().conv2d(x, w, p.placeholder(name + ".bias", out), cfg) : sd.cnn().conv2d(x, w, cfg);
  }

  /**
   * A bias-free {@code nn.Conv2d} followed by {@code nn.BatchNorm2d} (folded into one convolution at
   * inference).
   *
   * @param p the declaration context
   * @param conv the conv module name
   * @param bn the batch-norm module name
   * @param x input
   * @param in input channels
   * @param out output channels
   * @param k kernel size
   * @param stride stride
   * @param pad padding
   * @return the normalised output
   */
  public static SDVariable convBn(GraphParams p, String conv, String bn, SDVariable x, int in, int out, int k,
      int stride, int pad) {
    GraphBuilder g = p.builder();
    if (g == null) {
      return batchNorm(p, bn, conv(p, conv, x, in, out, k, stride, pad, false), out);
    }
    p.declareOnly(conv + ".weight", Init.CONV_KAIMING_FAN_OUT, true, out, in, k, k);
    declareBn(p, bn, out);
    return g.convBn(conv + ".weight", bn, x, stride, pad, BN_EPS);
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
    // SameDiff's depthwise weights are [kH, kW, iC, depthMultiplier]; permuting inside the graph keeps the
    // gradient flowing to the canonical [c, 1, k, k] variable (conv bp ignores other weight formats)
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
   * {@code nn.BatchNorm2d(c)}: running statistics at inference, batch statistics when training.
   *
   * @param p the declaration context
   * @param name module name; declares weight, bias, running_mean, running_var
   * @param x input {@code [N, c, H, W]}
   * @param c channels
   * @return the output
   */
  public static SDVariable batchNorm(GraphParams p, String name, SDVariable x, int c) {
    declareBn(p, name, c);
    GraphBuilder g = p.builder();
    return g == null ? x : g.batchNorm(name, x, BN_EPS);
  }

  private static void declareBn(GraphParams p, String name, int c) {
    p.declareOnly(name + ".weight", Init.ONES, true, c);
    p.declareOnly(name + ".bias", Init.ZEROS, true, c);
    p.declareOnly(name + ".running_mean", Init.ZEROS, false, c);
    p.declareOnly(name + ".running_var", Init.ONES, false, c);
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
    p.declareOnly(name + ".weight", Init.LINEAR_UNIFORM, true, out, in);
    p.declareOnly(name + ".bias", Init.LINEAR_UNIFORM, true, out);
    GraphBuilder g = p.builder();
    if (g != null) {
      return g.linear(name, x);
    }
    return p.sd().mmul(x, p.placeholder(name + ".weight", out, in), false, true, false)
        .add(p.placeholder(name + ".bias", out));
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
   * @param p the declaration context
   * @param x input NCHW
   * @param k window
   * @param stride stride
   * @param pad padding
   * @return the output
   */
  public static SDVariable maxPool(GraphParams p, SDVariable x, int k, int stride, int pad) {
    GraphBuilder g = p.builder();
    if (g != null) {
      return g.maxPool(x, k, stride, pad);
    }
    return x;
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
   * Inverted dropout in training graphs ({@link GraphBuilder#dropout}), identity otherwise, on {@code [N, features]}.
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
    return p.builder().dropout(x, features, dropProbability);
  }
}
