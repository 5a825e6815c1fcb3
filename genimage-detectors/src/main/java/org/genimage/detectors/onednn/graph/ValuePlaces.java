package org.genimage.detectors.onednn.graph;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.dnnl.memory;
import org.genimage.detectors.onednn.graph.Lowering.Home;
import org.genimage.detectors.onednn.graph.Lowering.Operand;
import org.genimage.detectors.onednn.graph.Lowering.Storage;

/**
 * Where each value of a plan lies: its fp32 operand and its bf16 or int8 one, the plan's own memory for inputs,
 * outputs and constants, fixed addresses for parameters and gradients, and arena storage for what nodes compute,
 * shared with the input a view reads or an in-place primitive overwrites when that input dies at the node. Kept
 * apart from {@link Lowering} so that the rules for sharing memory (views, in-place outputs, pinned outputs that
 * must land elsewhere) sit with the maps they protect.
 */
final class ValuePlaces {
  private final Storages storages;
  private final Layouts layouts;
  private final StepRecorder recorder;
  private final PrecisionPolicy policy;
  private final Map<Value, Operand> placed = new HashMap<>();
  /** Values computed in (or converted once to) bf16, by their bf16 operand; fp32 copies go to {@link #placed}. */
  private final Map<Value, Operand> low = new HashMap<>();
  private final Map<Value, Layout> pinnedLayouts = new HashMap<>();
  private final Map<Value, Integer> rootLastUse = new HashMap<>();
  private final Map<Value, Value> roots = new HashMap<>();
  private int current = -1;

  ValuePlaces(Storages storages, Layouts layouts, StepRecorder recorder, PrecisionPolicy policy,
      List<Node> schedule) {
    this.storages = storages;
    this.layouts = layouts;
    this.recorder = recorder;
    this.policy = policy;
    for (int i = 0; i < schedule.size(); i++) {
      Node n = schedule.get(i);
      for (Value in : n.inputs) {
        rootLastUse.merge(root(in), i, Math::max);
      }
      if (n.op.isView()) {
        roots.put(n.out(), root(n.in(0)));
      }
    }
  }

  /** Marks the node at {@code index} of the schedule as the one being lowered (for {@link #diesHere}). */
  void at(int index) {
    current = index;
  }

  /** The values pinned to land at a given place (the plan's outputs and gradients). */
  Set<Value> pinned() {
    return Collections.unmodifiableSet(pinnedLayouts.keySet());
  }

  // ---- placing values that are not computed ----

  /** Places a value in memory the plan owns (inputs, outputs, constants), plain dense. */
  Operand own(Value v) {
    Layout l = layouts.plainLayout(v.shape);
    Storage s = storages.storage(l.bytes(), Home.OWNED, 0);
    s.initial = v.constant;
    s.constant = v.constant != null;
    Operand o = new Operand(s, 0, l);
    placed.put(v, o);
    return o;
  }

  /** A constant the plan owns, plain dense, not tied to a graph value (ones for sums by matrix product). */
  Operand constant(long[] shape, float[] data) {
    Layout l = layouts.plainLayout(shape);
    Storage s = storages.storage(l.bytes(), Home.OWNED, 0);
    s.initial = data;
    s.constant = true;
    return new Operand(s, 0, l);
  }

  /** Places a value at a fixed address, plain dense (parameters). */
  Operand external(Value v, long address) {
    Layout l = layouts.plainLayout(v.shape);
    Operand o = new Operand(storages.storage(l.bytes(), Home.EXTERNAL, address), 0, l);
    placed.put(v, o);
    return o;
  }

  /** Makes a computed value land at a fixed address, plain dense (gradients of parameters). */
  void pinExternal(Value v, long address) {
    Layout l = layouts.plainLayout(v.shape);
    pinnedLayouts.put(v, l);
    placed.put(v, new Operand(storages.storage(l.bytes(), Home.EXTERNAL, address), 0, l));
  }

  /** Makes a computed value land in memory the plan owns, plain dense (loss, statistics). */
  Operand pinOwned(Value v) {
    Layout l = layouts.plainLayout(v.shape);
    pinnedLayouts.put(v, l);
    Operand o = new Operand(storages.storage(l.bytes(), Home.OWNED, 0), 0, l);
    placed.put(v, o);
    return o;
  }

  // ---- looking up ----

  /** The value's fp32 operand, or null when it has none yet. */
  Operand fp32(Value v) {
    return placed.get(v);
  }

  /** The value's bf16 (or int8) operand, or null when it has none (it lies in fp32 only). */
  Operand low(Value v) {
    return low.get(v);
  }

  /** Keeps {@code o} as the fp32 copy of a value that was computed in a lower precision. */
  void keepFp32(Value v, Operand o) {
    placed.put(v, o);
  }

  /** Keeps {@code o} as the lower-precision copy of a computed fp32 value, for its other low readers. */
  void keepLow(Value v, Operand o) {
    low.put(v, o);
  }

  // ---- defining outputs ----

  Operand define(Value v, Layout layout) {
    Layout pin = pinnedLayouts.get(v);
    if (pin != null) {
      Operand target = placed.get(v);
      if (pin.desc().equals(layout.desc())) {
        return target;
      }
      Operand tmp = storages.temp(layout);
      recorder.afterNextStep(() -> recorder.reorder(tmp, target));
      return tmp;
    }
    Operand o = new Operand(storages.storage(layout.bytes(), Home.ARENA, 0), 0, layout);
    place(v, o);
    return o;
  }

  /**
   * Defines {@code v} in {@code donor}'s storage when the donor dies at this node, lies alone at offset 0 of
   * arena memory in the same layout, and that layout has no padding; otherwise like
   * {@link Lowering#define(Value, memory.desc)}. (oneDNN 2.5.2's binary primitive computes wrong values in place
   * on a blocked layout whose channels are padded, e.g. 8 channels in blocks of 16.)
   */
  Operand defineInPlace(Value v, memory.desc desc, Value donor) {
    boolean lowered = policy.isLow(desc);
    Operand d = lowered ? low.get(donor) : placed.get(donor);
    long elementBytes = PrecisionPolicy.isBf16(desc) ? 2 : lowered ? 1 : Float.BYTES;
    if (d != null && !pinnedLayouts.containsKey(v) && d.storage().home == Home.ARENA && d.offset() == 0
        && diesHere(donor) && d.desc().equals(desc) && d.layout().bytes() == donor.elements() * elementBytes) {
      Operand o = new Operand(d.storage(), 0, d.layout());
      place(v, o);
      return o;
    }
    return define(v, layouts.layoutOf(desc));
  }

  /**
   * Defines a value whose producer writes it in a layout of other dims with the same elements (grouped
   * convolution weights, {@code [g, co/g, ci/g, kh, kw]} for {@code [co, ci/g, kh, kw]}): written to a temporary,
   * then reordered into a dense view of the value's own plain layout.
   */
  Operand defineGrouped(Value v, memory.desc desc) {
    Operand tmp = storages.temp(layouts.layoutOf(desc));
    Operand target = pinnedLayouts.containsKey(v) ? placed.get(v) : define(v, layouts.plainLayout(v.shape));
    long[] dims = Layouts.dims(desc);
    Operand view = new Operand(target.storage(), target.offset(), layouts.strided(dims, Shapes.denseStrides(dims)));
    recorder.afterNextStep(() -> recorder.reorder(tmp, view));
    return tmp;
  }

  /** Defines {@code v} as a view of {@code base}'s memory (copied when {@code v} must land elsewhere). */
  Operand defineView(Value v, Operand base, Layout layout, long byteOffset) {
    Operand view = new Operand(base.storage(), base.offset() + byteOffset, layout);
    if (pinnedLayouts.containsKey(v)) {
      Operand target = placed.get(v);
      recorder.reorder(view, target);
      return target;
    }
    place(v, view);
    return view;
  }

  private void place(Value v, Operand o) {
    if (placed.containsKey(v) || low.containsKey(v)) {
      throw new IllegalStateException("value " + v + " defined twice");
    }
    (policy.isLow(o.desc()) ? low : placed).put(v, o);
  }

  /** Defines each value as a row of a dense {@code [k, c]} operand (copied when a value must land elsewhere). */
  void unpackRows(Operand packed, Value... rows) {
    long c = rows[0].elements();
    for (int i = 0; i < rows.length; i++) {
      defineView(rows[i], packed, layouts.plainLayout(rows[i].shape), i * c * Float.BYTES);
    }
  }

  /** Whether no node after the current one reads the value or any view of its memory. */
  boolean diesHere(Value v) {
    Integer last = rootLastUse.get(root(v));
    return last != null && last == current && !pinnedLayouts.containsKey(root(v));
  }

  /** The value whose memory {@code v} is a view of (itself when it is not a view). */
  Value root(Value v) {
    return roots.getOrDefault(v, v);
  }
}
