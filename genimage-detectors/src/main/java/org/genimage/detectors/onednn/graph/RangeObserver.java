package org.genimage.detectors.onednn.graph;

import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.genimage.detectors.onednn.graph.Lowering.Operand;

/**
 * Makes an fp32 plan collect the activation ranges int8 calibration needs: around every convolution an int8 plan
 * would quantise, steps that widen the ranges of its input, addend and output ({@link ActivationRanges}' keys).
 * Kept apart from {@link Lowering} because only a calibration plan has it, and its rule (which convolutions,
 * which values, before or after the convolution runs) is the counterpart of {@link Quantization}'s.
 */
final class RangeObserver {
  /** Values an observing step copies out of native memory at a time. */
  private static final int OBSERVE_CHUNK = 1 << 14;

  private final Map<String, float[]> observed;
  private final PrecisionPolicy policy;
  private final Conversions conversions;
  private final StepRecorder recorder;

  /** An observer that widens the {min, max} ranges in {@code observed}, by key. */
  RangeObserver(Map<String, float[]> observed, PrecisionPolicy policy, Conversions conversions,
      StepRecorder recorder) {
    this.observed = observed;
    this.policy = policy;
    this.conversions = conversions;
    this.recorder = recorder;
  }

  /** Whether the ranges around {@code n} are collected: a convolution an int8 plan would quantise. */
  boolean observes(Node n) {
    return n.op instanceof Conv && policy.reducible(n);
  }

  /** Adds the steps that observe a convolution's input and addend; called before the convolution is lowered. */
  void before(Node n) {
    // Before the convolution: a fused residual add may write its output over the addend's memory.
    String w = n.in(1).name;
    observe(ActivationRanges.key(w, ActivationRanges.INPUT), n.in(0));
    if (((Conv) n.op).sum()) {
      observe(ActivationRanges.key(w, ActivationRanges.ADDEND), n.in(n.inputs.size() - 1));
    }
  }

  /** Adds the step that observes a convolution's output; called after the convolution is lowered. */
  void after(Node n) {
    observe(ActivationRanges.key(n.in(1).name, ActivationRanges.OUTPUT), n.out());
  }

  /**
   * Adds a step that widens {@code observed[key]} ({min, max}) to the value's smallest and largest element. (A
   * blocked layout's padding holds zeros, which can only widen a range to include zero.)
   */
  private void observe(String key, Value v) {
    Operand o = conversions.get(v);
    float[] range = observed.computeIfAbsent(key, k -> new float[] {Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY});
    int count = (int) (o.layout().bytes() / Float.BYTES);
    recorder.host("observe range", b -> {
      FloatPointer p = b.floats(o);
      // Read a chunk at a time into a small buffer: a buffer of the whole value per observed value (120 of up to
      // 26 MB for ResNet-50 at batch 8) held about 0.9 GB of heap while the plan lived.
      float[] chunk = new float[Math.min(count, OBSERVE_CHUNK)];
      return () -> {
        float lo = range[0];
        float hi = range[1];
        for (int start = 0; start < count; start += chunk.length) {
          int n = Math.min(chunk.length, count - start);
          p.position(start).get(chunk, 0, n);
          for (int i = 0; i < n; i++) {
            lo = Math.min(lo, chunk[i]);
            hi = Math.max(hi, chunk[i]);
          }
        }
        range[0] = lo;
        range[1] = hi;
      };
    }, o);
  }
}
