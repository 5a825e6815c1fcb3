package org.genimage.detectors;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.detectors.weights.NamedTensor;

/**
 * Tensors from a counter-based generator that a Python script computes to the same bits
 * ({@code src/test/python/seeded_tensors.py}), so that full-size fixtures need no committed weights: element
 * {@code i} of tensor {@code name} is {@code u = 2 * (splitmix64(seed ^ fnv1a64(name)) + i * golden...) - 1}, scaled by
 * a rule on the name and shape (fan-in for weights, near one for norm scales, small for biases and embeddings).
 */
public final class SeededTensors {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private SeededTensors() {}

  /** SplitMix64's output function. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** FNV-1a, 64 bits, of the name's UTF-8 bytes. */
  static long fnv1a(String name) {
    long h = 0xCBF29CE484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001B3L;
    }
    return h;
  }

  /**
   * Uniform values in [-1, 1), as doubles.
   *
   * @param seed  the seed
   * @param name  the tensor's name
   * @param count how many
   * @return the values
   */
  public static double[] uniform(long seed, String name, int count) {
    long base = mix(seed ^ fnv1a(name));
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      long x = mix(base + (i + 1L) * GOLDEN);
      out[i] = 2.0 * ((x >>> 11) * 0x1.0p-53) - 1.0;
    }
    return out;
  }

  /**
   * The bound of a uniform weight with unit variance per output: {@code sqrt(3 / fan_in)}, fan-in being every
   * dimension after the first (input channels times kernel size).
   */
  static double fanInScale(long[] shape) {
    long fanIn = 1;
    for (int i = 1; i < shape.length; i++) {
      fanIn *= shape[i];
    }
    return Math.sqrt(3.0 / fanIn);
  }

  /** The scale rule shared with the Python side: returns {@code [scale, offset]}. */
  static double[] rule(String name, long[] shape) {
    if (name.contains("pos_embedding") || name.contains("class_token") || name.contains("relative_position")) {
      return new double[] {0.02, 0};
    }
    if (shape.length >= 2) {
      return new double[] {fanInScale(shape), 0};
    }
    if (name.endsWith("running_var")) {
      return new double[] {0.1, 1.0};
    }
    if (name.endsWith("weight")) {
      return new double[] {0.1, 1.0};
    }
    return new double[] {0.1, 0};
  }

  /**
   * One tensor by the rule.
   *
   * @param seed  the seed
   * @param name  its name
   * @param shape its shape
   * @return the tensor
   */
  public static NamedTensor tensor(long seed, String name, long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    double[] u = uniform(seed, name, Math.toIntExact(n));
    double[] r = rule(name, shape);
    float[] v = new float[u.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (u[i] * r[0] + r[1]);
    }
    return NamedTensor.f32(name, shape, v);
  }

  /**
   * Every parameter and buffer of an architecture by the rule.
   *
   * @param arch the architecture
   * @param seed the seed
   * @return name to tensor, in the architecture's order
   */
  public static Map<String, NamedTensor> weights(Architecture arch, long seed) {
    Map<String, NamedTensor> m = new LinkedHashMap<>();
    for (ParamSpec p : arch.parameters()) {
      m.put(p.name(), tensor(seed, p.name(), p.shape()));
    }
    return m;
  }
}
