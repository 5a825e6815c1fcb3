package org.genimage.detectors.onednn.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.memory;

/**
 * The int8 form of an int8 plan's activations, from {@link ActivationRanges}: a value that never went below zero
 * over the calibration set lies in u8 (after a ReLU: all 8 bits for the magnitude), any other in s8; symmetric,
 * zero maps to zero (oneDNN 2.5.2's convolutions take no zero points), so
 * {@code real = scale * stored}. Weights get one scale per output channel from their own largest magnitude.
 */
final class Quantization {
  private static final float U8_MAX = 255f;
  private static final float S8_MAX = 127f;
  /** Below this largest magnitude a tensor counts as zero: its scale would underflow to 0 (infinite inverse). */
  private static final float TINY = U8_MAX * Float.MIN_NORMAL;

  private final ActivationRanges ranges;
  private final Map<Value, ActivationRanges.Range> byValue = new HashMap<>();

  /** The ranges of the values of the convolutions in {@code schedule} they name. */
  Quantization(ActivationRanges ranges, List<Node> schedule) {
    this.ranges = ranges;
    for (Node n : schedule) {
      if (!(n.op instanceof Conv c)) {
        continue;
      }
      String w = n.in(1).name;
      bind(n.in(0), ActivationRanges.key(w, ActivationRanges.INPUT));
      bind(n.out(), ActivationRanges.key(w, ActivationRanges.OUTPUT));
      if (c.sum()) {
        bind(n.in(n.inputs.size() - 1), ActivationRanges.key(w, ActivationRanges.ADDEND));
      }
    }
  }

  private void bind(Value v, String key) {
    ActivationRanges.Range r = ranges.ranges().get(key);
    if (r != null) {
      byValue.merge(v, r, ActivationRanges.Range::union);
    }
  }

  /** Whether every value a convolution reads and writes has a range (else it runs in fp32). */
  boolean covers(Node conv) {
    Conv c = (Conv) conv.op;
    return byValue.containsKey(conv.in(0)) && byValue.containsKey(conv.out())
        && (!c.sum() || byValue.containsKey(conv.in(conv.inputs.size() - 1)));
  }

  /** Whether the value has a range (an int8 form). */
  boolean has(Value v) {
    return byValue.containsKey(v);
  }

  /** The value's int8 type: u8 when it never went below zero, else s8. */
  memory.data_type type(Value v) {
    return range(v).min() >= 0 ? memory.data_type.u8 : memory.data_type.s8;
  }

  /** The real value of one step of the value's int8 form. */
  float scale(Value v) {
    ActivationRanges.Range r = range(v);
    float magnitude = Math.max(Math.abs(r.min()), Math.abs(r.max()));
    if (magnitude < TINY) {
      return 1f;
    }
    return magnitude / (r.min() >= 0 ? U8_MAX : S8_MAX);
  }

  private ActivationRanges.Range range(Value v) {
    ActivationRanges.Range r = byValue.get(v);
    if (r == null) {
      throw new IllegalStateException("no calibrated range for " + v);
    }
    return r;
  }

  /**
   * The real value of one step of each output channel's s8 weights: its largest magnitude over 127 (1 for an
   * all-zero channel).
   *
   * @param weight dense weights, output channel first
   * @param outChannels how many output channels
   * @return one scale per output channel
   */
  static float[] weightScales(float[] weight, int outChannels) {
    int per = weight.length / outChannels;
    float[] scales = new float[outChannels];
    for (int o = 0; o < outChannels; o++) {
      float m = 0f;
      for (int i = o * per; i < (o + 1) * per; i++) {
        m = Math.max(m, Math.abs(weight[i]));
      }
      scales[o] = m < TINY ? 1f : m / S8_MAX;
    }
    return scales;
  }

  /** Whether a descriptor's elements are 8-bit integers. */
  static boolean isInt8(memory.desc d) {
    int t = d.data().data_type();
    return t == memory.data_type.u8.value || t == memory.data_type.s8.value;
  }
}
