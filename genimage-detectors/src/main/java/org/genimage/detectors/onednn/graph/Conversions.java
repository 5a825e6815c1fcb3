package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;
import org.genimage.detectors.onednn.UnsupportedGraphException;
import org.genimage.detectors.onednn.graph.Lowering.Operand;

/**
 * Serves a value to its reader in the layout and precision the reader wants: as it lies, or through a reorder
 * (fp32 to a primitive's blocked layout, plain, dense, bf16 or int8 and back), converting each value at most once
 * per form where that copy can be kept (parameters and constants, a computed value's low-precision and fp32
 * copies), and reordering an inference plan's constants once, when the plan is bound, instead of on every run.
 * Kept apart from {@link Lowering} because this is where layouts and precisions meet: the copy a reader gets
 * depends on both, and on where the value lies ({@link ValuePlaces}).
 */
final class Conversions {
  private final Storages storages;
  private final Layouts layouts;
  private final StepRecorder recorder;
  private final PrecisionPolicy policy;
  private final ValuePlaces places;
  private final boolean training;
  private final Map<Value, List<Operand>> reordered = new HashMap<>();

  Conversions(Storages storages, Layouts layouts, StepRecorder recorder, PrecisionPolicy policy, ValuePlaces places,
      boolean training) {
    this.storages = storages;
    this.layouts = layouts;
    this.recorder = recorder;
    this.policy = policy;
    this.places = places;
    this.training = training;
  }

  /** The value as it lies, in fp32: a value computed in bf16 is copied to fp32 at its first read here. */
  Operand get(Value v) {
    Operand o = places.fp32(v);
    if (o == null) {
      Operand b = places.low(v);
      if (b == null) {
        throw new UnsupportedGraphException("value " + v + " is read before it is computed");
      }
      Operand copy = storages.temp(layouts.layoutOf(layouts.withType(b.desc(), memory.data_type.f32)));
      // The copy may be made while a node lowers, after it defined a pinned output: that output's copy-out must
      // still follow the node's own step, not this reorder.
      recorder.aheadOfPending(() -> recorder.reorder(b, copy, policy.reorderScale(v, b.desc(), copy.desc())));
      places.keepFp32(v, copy);
      o = copy;
    }
    return o;
  }

  /**
   * The value in bf16 or int8 if it has been computed or converted so, else as it lies in fp32 (for bf16 and int8
   * primitives).
   */
  Operand lowOrGet(Value v) {
    Operand b = places.low(v);
    return b != null ? b : get(v);
  }

  /**
   * The value in the layout {@code wanted}: itself, or a reordered copy (kept for parameters and constants). A
   * bf16 or int8 layout is served from the value's low-precision operand when it has one, and a computed value's
   * first such copy is kept as that operand, so several readers convert it once. An int8 copy of an fp32 value is
   * scaled into the value's int8 form.
   */
  Operand as(Value v, memory.desc wanted) {
    if (!policy.isLow(wanted)) {
      return as(v, get(v), wanted);
    }
    Operand b = places.low(v);
    if (b != null && b.desc().equals(wanted)) {
      return b;
    }
    if (b != null && PrecisionPolicy.isBf16(b.desc()) != PrecisionPolicy.isBf16(wanted)) {
      b = null;
    }
    Operand copy = as(v, b != null ? b : get(v), wanted);
    if (b == null && v.role == Value.Role.COMPUTED) {
      places.keepLow(v, copy);
    }
    return copy;
  }

  /** Like {@link #as(Value, memory.desc)}, starting from {@code o}, a view of {@code v}. */
  Operand as(Value v, Operand o, memory.desc wanted) {
    if (o.desc().equals(wanted)) {
      return o;
    }
    float scale = policy.reorderScale(v, o.desc(), wanted);
    boolean keep = v.role == Value.Role.PARAM || v.role == Value.Role.CONSTANT;
    if (keep) {
      for (Operand r : reordered.getOrDefault(v, List.of())) {
        if (r.desc().equals(wanted)) {
          return r;
        }
      }
    }
    Operand copy;
    if (v.isConstant() && !training) {
      // An inference plan's constant never changes: reordered once, when the plan is bound.
      copy = storages.owned(layouts.layoutOf(wanted));
      recorder.reorderOnce(o, copy);
    } else {
      copy = storages.temp(layouts.layoutOf(wanted));
      recorder.reorder(o, copy, scale);
    }
    if (keep) {
      reordered.computeIfAbsent(v, k -> new ArrayList<>()).add(copy);
    }
    return copy;
  }

  /**
   * The value as it lies unless it is a strided view that is not dense (a transpose or slice), which is copied
   * dense: oneDNN's element-wise, normalisation and pooling kernels only have their reference code for those. A
   * dense channels-last 4-d tensor stays as it is: those kernels have JIT code for {@code nhwc} (copying it to
   * {@code nchw} before a max pooling cost 140 ms of an F3Net pass at batch 8, in oneDNN's reference pooling).
   */
  Operand compact(Value v) {
    Operand o = get(v);
    return o.layout().plain() && !o.layout().dense() && !o.layout().channelsLast() ? dense(v) : o;
  }

  /** The value in a plain (strided) layout: as it lies, or a dense copy of a blocked one. */
  Operand plain(Value v) {
    Operand o = get(v);
    return o.layout().plain() ? o : dense(v);
  }

  /** The value plain and dense, row-major. */
  Operand dense(Value v) {
    Operand o = get(v);
    return o.layout().dense() ? o : as(v, layouts.plainLayout(v.shape).desc());
  }

  /**
   * The values (all of shape {@code [c]}) as the rows of one dense {@code [k, c]} temporary, as oneDNN's
   * normalisations want their scale and shift.
   */
  Operand packRows(Value... rows) {
    long c = rows[0].elements();
    boolean once = !training && Arrays.stream(rows).allMatch(Value::isConstant);
    Layout layout = layouts.plainLayout(new long[] {rows.length, c});
    Operand packed = once ? storages.owned(layout) : storages.temp(layout);
    for (int i = 0; i < rows.length; i++) {
      if (once) {
        recorder.reorderOnce(dense(rows[i]), row(packed, i, c));
      } else {
        recorder.reorder(dense(rows[i]), row(packed, i, c));
      }
    }
    return packed;
  }

  private Operand row(Operand packed, int i, long c) {
    return new Operand(packed.storage(), packed.offset() + i * c * Float.BYTES,
        layouts.plainLayout(new long[] {c}));
  }

  /**
   * A constant copy of {@code from} in the layout {@code wanted}, made once when the plan is bound, through
   * {@code attr} (scales into an int8 form), in memory the plan owns.
   */
  Operand constantCopy(Operand from, memory.desc wanted, primitive_attr attr) {
    Operand copy = storages.owned(layouts.layoutOf(wanted));
    recorder.reorderOnce(from, copy, attr);
    return copy;
  }
}
