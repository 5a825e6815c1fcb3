package org.genimage.detectors;

import org.genimage.detectors.weights.NamedTensor;

/**
 * The weights of the full-size forward parity fixtures (recipe {@value #RECIPE}), to the same bits as
 * {@code src/test/python/make_parity_fixtures.py}: {@link SeededTensors#uniform} values {@code u} in [-1, 1)
 * per tensor name, scaled by a rule on the name and shape that keeps activations of order one at full depth
 * (variance 1 / fan-in for convolution and linear weights, running variances in [0.5, 1.5], norm scales near
 * one, small biases and embeddings), then cast to float.
 */
public final class ParityWeights {
  /** The recipe's name; the fixtures record it, so a changed rule cannot pass against old fixtures. */
  public static final String RECIPE = "parity-1";

  private ParityWeights() {}

  /**
   * The rule: {@code [scale, offset]} so that an element is {@code scale * u + offset}.
   *
   * @param name  the tensor's (reference) name
   * @param shape its shape
   * @return scale and offset
   */
  static double[] rule(String name, long[] shape) {
    if (name.contains("pos_embedding") || name.contains("class_token") || name.contains("relative_position")) {
      return new double[] {0.02, 0};
    }
    if (shape.length >= 2) {
      return new double[] {SeededTensors.fanInScale(shape), 0};
    }
    if (name.endsWith("running_var")) {
      return new double[] {0.5, 1.0};
    }
    if (name.endsWith("running_mean")) {
      return new double[] {0.1, 0};
    }
    if (name.endsWith("weight") || name.endsWith("gram_scale")) {
      return new double[] {0.1, 1.0};
    }
    if (name.endsWith("_gamma")) {
      // F3Net's MixBlock gates enter as 2 sigmoid(g) - 1: near 0.5, so the cross-attention contributes.
      return new double[] {0.5, 1.0};
    }
    return new double[] {0.1, 0};
  }

  /**
   * One tensor by the rule.
   *
   * @param seed  the seed
   * @param name  its (reference) name
   * @param shape its shape
   * @return the tensor, float
   */
  public static NamedTensor tensor(long seed, String name, long[] shape) {
    double[] u = SeededTensors.uniform(seed, name, Math.toIntExact(NamedTensor.elementCount(shape)));
    double[] r = rule(name, shape);
    float[] v = new float[u.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (u[i] * r[0] + r[1]);
    }
    return NamedTensor.f32(name, shape, v);
  }

  /**
   * The seeded input: batch {@code amplitudes.length} of {@code [3, size, size]}, sample {@code b} being
   * {@code uniform(seed, "input")} times {@code amplitudes[b]}.
   *
   * @param seed       the seed
   * @param amplitudes one scale per sample
   * @param size       the square side
   * @return the batch, NCHW
   */
  public static float[] input(long seed, double[] amplitudes, int size) {
    int per = 3 * size * size;
    double[] u = SeededTensors.uniform(seed, "input", amplitudes.length * per);
    float[] x = new float[u.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (u[i] * amplitudes[i / per]);
    }
    return x;
  }
}
