package org.genimage.detectors;

import java.util.HashMap;
import java.util.Map;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds inference graphs: every weight becomes a constant, batch norm after a convolution is folded into the
 * convolution's weight and bias at build time (one native conv2d, no normalisation pass), and activations may
 * be channels-last. The fastest DL4J path measured (see genimage-bench/README.md).
 */
public final class InferenceGraphBuilder extends GraphBuilder {
  private final boolean channelsLast;
  private final Map<String, SDVariable> constants = new HashMap<>();

  /**
   * A builder.
   *
   * @param sd           the graph
   * @param weights      canonical weights
   * @param channelsLast lay 4-d activations out NHWC
   */
  public InferenceGraphBuilder(SameDiff sd, Map<String, NamedTensor> weights, boolean channelsLast) {
    super(sd, weights);
    this.channelsLast = channelsLast;
  }

  @Override
  public boolean training() {
    return false;
  }

  @Override
  public boolean channelsLast() {
    return channelsLast;
  }

  @Override
  public SDVariable param(String name) {
    return constants.computeIfAbsent(name, n -> {
      NamedTensor t = weight(n);
      return sd.constant(n, Nd4j.create(t.data(), t.shape(), 'c'));
    });
  }

  @Override
  public SDVariable buffer(String name) {
    return param(name);
  }

  @Override
  protected SDVariable convWeight(String name) {
    return constants.computeIfAbsent(name + "#yxio", n -> {
      NamedTensor t = weight(name);
      return sd.constant(n, yxio(t.data(), t.shape()));
    });
  }

  /** [out, in, kh, kw] to a fresh C-order [kh, kw, in, out] array. */
  static INDArray yxio(float[] oihw, long[] s) {
    try (INDArray src = Nd4j.create(oihw, s, 'c')) {
      return src.permute(2, 3, 1, 0).dup('c');
    }
  }

  @Override
  public SDVariable convBn(String convWeightName, String bnPrefix, SDVariable x, int stride, int padding,
      double eps) {
    NamedTensor w = weight(convWeightName);
    float[] gamma = weight(bnPrefix + ".weight").data();
    float[] beta = weight(bnPrefix + ".bias").data();
    float[] mean = weight(bnPrefix + ".running_mean").data();
    float[] var = weight(bnPrefix + ".running_var").data();
    long[] s = w.shape();
    int out = (int) s[0];
    int per = (int) (s[1] * s[2] * s[3]);
    float[] folded = new float[w.data().length];
    float[] bias = new float[out];
    for (int o = 0; o < out; o++) {
      // Same arithmetic order as PyTorch's fuse_conv_bn_weights, in double to keep the error below 1e-6.
      double k = gamma[o] / Math.sqrt(var[o] + eps);
      for (int i = 0; i < per; i++) {
        folded[o * per + i] = (float) (w.data()[o * per + i] * k);
      }
      bias[o] = (float) (beta[o] - mean[o] * k);
    }
    SDVariable wv = sd.constant(convWeightName + "#folded", yxio(folded, s));
    SDVariable bv = sd.constant(bnPrefix + "#folded_bias", Nd4j.create(bias, new long[] {out}, 'c'));
    return sd.cnn().conv2d(x, wv, bv, convConfig(s[2], s[3], stride, padding));
  }

  @Override
  public SDVariable batchNorm(String bnPrefix, SDVariable x, double eps) {
    float[] gamma = weight(bnPrefix + ".weight").data();
    float[] beta = weight(bnPrefix + ".bias").data();
    float[] mean = weight(bnPrefix + ".running_mean").data();
    float[] var = weight(bnPrefix + ".running_var").data();
    int c = gamma.length;
    float[] scale = new float[c];
    float[] shift = new float[c];
    for (int i = 0; i < c; i++) {
      double k = gamma[i] / Math.sqrt(var[i] + eps);
      scale[i] = (float) k;
      shift[i] = (float) (beta[i] - mean[i] * k);
    }
    SDVariable sc = perChannel(sd.constant(bnPrefix + "#scale", Nd4j.create(scale, new long[] {c}, 'c')), c);
    SDVariable sh = perChannel(sd.constant(bnPrefix + "#shift", Nd4j.create(shift, new long[] {c}, 'c')), c);
    return x.mul(sc).add(sh);
  }
}
