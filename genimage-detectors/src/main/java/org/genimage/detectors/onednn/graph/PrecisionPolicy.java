package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.bytedeco.dnnl.memory;
import org.genimage.api.Precision;

/**
 * Decides which convolutions and matrix products of a plan run in a lower precision (bf16, or int8 with
 * calibrated ranges), recognises a value's lower-precision forms by their descriptors, and counts the
 * convolutions lowered in int8. Kept apart from {@link Lowering} so that the rule for what may lose precision
 * (never the first layer nor the classifier) sits in one place that the bf16 and int8 lowerings both ask.
 */
final class PrecisionPolicy {
  private final Precision precision;
  private final Quantization quantization;
  /** The plan's pinned outputs; asked for when {@link #reducible} first runs, after the plan pinned them all. */
  private final Supplier<Set<Value>> outputs;
  private int quantised;
  private Set<Node> lastLayers;

  /**
   * The policy of a plan: a training plan is always fp32; an int8 plan quantises with {@code ranges} (the
   * values of {@code schedule}'s convolutions they name).
   */
  PrecisionPolicy(boolean training, Precision precision, ActivationRanges ranges, List<Node> schedule,
      Supplier<Set<Value>> outputs) {
    this.precision = training ? Precision.FP32 : precision;
    this.quantization = this.precision == Precision.INT8 ? new Quantization(ranges, schedule) : null;
    this.outputs = outputs;
  }

  /** The precision convolutions and matrix products may run in (see {@link Lowering}). */
  Precision precision() {
    return precision;
  }

  /** Whether a convolution or matrix product should run in bf16: in a bf16 plan, where {@link #reducible}. */
  boolean inBf16(Node n) {
    return precision == Precision.BF16 && reducible(n);
  }

  /**
   * Whether a convolution should run in int8: in an int8 plan, where {@link #reducible} and every value it reads
   * and writes has a calibrated range.
   */
  boolean inInt8(Node n) {
    return precision == Precision.INT8 && n.op instanceof Conv && reducible(n) && quantization.covers(n);
  }

  /** Records that a convolution was lowered in int8. */
  void quantised() {
    quantised++;
  }

  /** How many convolutions were lowered in int8. */
  int quantisedCount() {
    return quantised;
  }

  /** The int8 forms of an int8 plan's values. */
  Quantization quantization() {
    if (quantization == null) {
      throw new IllegalStateException("not an int8 plan");
    }
    return quantization;
  }

  /**
   * Whether a convolution or matrix product may run in a lower precision: unless it reads the plan's input (the
   * first layer sees raw pixels) or no other convolution or product lies between it and an output (the
   * classifier): both stay fp32, where rounding would show in the scores most and costs least to avoid.
   */
  boolean reducible(Node n) {
    if (n.in(0).role == Value.Role.INPUT) {
      return false;
    }
    if (lastLayers == null) {
      lastLayers = new HashSet<>();
      List<Value> todo = new ArrayList<>(outputs.get());
      Set<Node> seen = new HashSet<>();
      while (!todo.isEmpty()) {
        Node p = todo.remove(todo.size() - 1).producer;
        if (p == null || !seen.add(p)) {
          continue;
        }
        if (p.op instanceof Conv || p.op instanceof MatMul) {
          lastLayers.add(p);
        } else {
          todo.addAll(p.inputs);
        }
      }
    }
    return !lastLayers.contains(n);
  }

  /**
   * Whether a descriptor's elements are bf16. (By the type's number: the enum constants JavaCPP returns from
   * native calls are not the Java constants, so {@code ==} on them is always false.)
   */
  static boolean isBf16(memory.desc d) {
    return d.data().data_type() == memory.data_type.bf16.value;
  }

  /**
   * Whether a descriptor is a value's lower-precision form: bf16, or u8/s8 in an int8 plan (elsewhere u8 is only
   * a pooling workspace, an fp32 plan's own data).
   */
  boolean isLow(memory.desc d) {
    return isBf16(d) || isQuantised(d);
  }

  /** Whether a descriptor holds a value's int8 form (u8 or s8 in an int8 plan). */
  boolean isQuantised(memory.desc d) {
    return quantization != null && Quantization.isInt8(d);
  }

  /**
   * The factor a reorder of {@code v} from {@code from} to {@code to} multiplies by: into its int8 form divides by
   * the value's scale, out of it multiplies, anything else copies as is.
   */
  float reorderScale(Value v, memory.desc from, memory.desc to) {
    float scale = 1f;
    if (isQuantised(to) && !isQuantised(from)) {
      scale = 1f / quantization.scale(v);
    } else if (isQuantised(from) && !isQuantised(to)) {
      scale = quantization.scale(v);
    }
    return scale;
  }
}
