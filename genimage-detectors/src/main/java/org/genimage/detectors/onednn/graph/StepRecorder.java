package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.primitive_desc_base;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Records what a plan runs: its steps in order (primitive calls and host computations, each with the operands it
 * touches, which give {@link MemoryPlanner} the storages' lifetimes), the copies made once when the plan is bound,
 * the copy-outs of pinned outputs that must follow the step that computes them, and the kernels oneDNN chose, for
 * reports. Kept apart from {@link Lowering} because it only knows operands, never values: which layout or
 * precision a value needs is decided elsewhere.
 */
final class StepRecorder {
  private final engine eng;
  private final Resources res;
  private final Storages storages;
  private final List<Lowering.StepSpec> steps = new ArrayList<>();
  private final List<Runnable> afterNext = new ArrayList<>();
  private final List<Function<Lowering.Binder, Runnable>> once = new ArrayList<>();
  private final Map<String, Integer> kernels = new TreeMap<>();
  private boolean backward;

  StepRecorder(engine eng, Resources res, Storages storages) {
    this.eng = eng;
    this.res = res;
    this.storages = storages;
  }

  /** Marks the steps recorded from now on as part of the backward pass (or not). */
  void backward(boolean backward) {
    this.backward = backward;
  }

  /**
   * Attributes with a scratchpad the plan provides ({@link #withScratchpad}): oneDNN's own is kept per calling
   * thread and shared by the primitives a thread runs, which is not safe when contexts of one plan run the same
   * primitives on several threads at once, nor when a plan runs on a thread other than the one that compiled it.
   */
  primitive_attr attr() {
    primitive_attr attr = res.own(new primitive_attr());
    attr.set_scratchpad_mode(dnnl.scratchpad_mode.user);
    return attr;
  }

  /** {@code args} plus the primitive's scratchpad, a temporary of the arena (so each context has its own). */
  Object[] withScratchpad(primitive_desc_base pd, Object... args) {
    memory.desc scratchpad = res.own(pd.scratchpad_desc());
    if (scratchpad.get_size() == 0) {
      return args;
    }
    Object[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = dnnl.DNNL_ARG_SCRATCHPAD;
    all[args.length + 1] = storages.temp(new Layout(new long[] {scratchpad.get_size()}, null, scratchpad));
    return all;
  }

  /** Adds a primitive call; {@code args} alternate oneDNN argument ids and operands. */
  void exec(String kind, primitive p, Object... args) {
    List<Lowering.Operand> touched = new ArrayList<>();
    int[] ids = new int[args.length / 2];
    Lowering.Operand[] ops = new Lowering.Operand[args.length / 2];
    for (int i = 0; i < args.length; i += 2) {
      ids[i / 2] = (Integer) args[i];
      ops[i / 2] = (Lowering.Operand) args[i + 1];
      touched.add(ops[i / 2]);
    }
    step(kind, b -> {
      IntMemoryMap m = b.resources().own(new IntMemoryMap());
      for (int i = 0; i < ids.length; i++) {
        m.put(ids[i], b.mem(ops[i]));
      }
      stream s = b.resources().stream();
      return () -> p.execute(s, m);
    }, touched);
  }

  /** Adds a computation in Java over plain dense operands. */
  void host(String kind, Function<Lowering.Binder, Runnable> make, Lowering.Operand... touched) {
    step("host " + kind, make, List.of(touched));
  }

  private void step(String kind, Function<Lowering.Binder, Runnable> make, List<Lowering.Operand> touched) {
    int index = steps.size();
    for (Lowering.Operand o : touched) {
      long end = o.offset() + Layouts.span(o.layout());
      if (o.offset() < 0 || end > o.storage().bytes) {
        throw new IllegalStateException(kind + " reads or writes bytes " + o.offset() + ".." + end
            + " of a storage of " + o.storage().bytes + " (" + Arrays.toString(o.layout().dims()) + " strides "
            + Arrays.toString(o.layout().strides()) + ")");
      }
      o.storage().touch(index);
    }
    steps.add(new Lowering.StepSpec(kind, backward, make, touched));
    if (!afterNext.isEmpty()) {
      List<Runnable> pending = new ArrayList<>(afterNext);
      afterNext.clear();
      pending.forEach(Runnable::run);
    }
  }

  /** Runs {@code copyOut} (which records a step) right after the next step is recorded. */
  void afterNextStep(Runnable copyOut) {
    afterNext.add(copyOut);
  }

  /** Whether a copy-out waits for a step. */
  boolean hasPending() {
    return !afterNext.isEmpty();
  }

  /**
   * Records what {@code record} adds ahead of the waiting copy-outs: those must still follow the step of the node
   * that defined their output, not a copy made meanwhile.
   */
  void aheadOfPending(Runnable record) {
    List<Runnable> pending = new ArrayList<>(afterNext);
    afterNext.clear();
    record.run();
    afterNext.addAll(pending);
  }

  /** Copies between layouts. */
  void reorder(Lowering.Operand from, Lowering.Operand to) {
    reorder(from, to, 1f);
  }

  /** Copies between layouts, multiplying by {@code scale} (into or out of an int8 form). */
  void reorder(Lowering.Operand from, Lowering.Operand to, float scale) {
    reorder.primitive_desc pd = res.own(scale == 1f
        ? new reorder.primitive_desc(eng, from.desc(), eng, to.desc())
        : new reorder.primitive_desc(eng, from.desc(), eng, to.desc(), scaled(0, new float[] {scale}), false));
    count("reorder", pd);
    primitive r = res.own(new reorder(pd));
    exec("reorder", r, dnnl.DNNL_ARG_FROM, from, dnnl.DNNL_ARG_TO, to);
  }

  /**
   * A copy made once, when the plan is bound, between memory the plan owns (a constant into another layout):
   * not a step of every run.
   */
  void reorderOnce(Lowering.Operand from, Lowering.Operand to) {
    reorderOnce(from, to, null);
  }

  /**
   * Like {@link #reorderOnce(Lowering.Operand, Lowering.Operand)}, with attributes (scales into an int8 form), or
   * null for none.
   */
  void reorderOnce(Lowering.Operand from, Lowering.Operand to, primitive_attr attr) {
    reorder.primitive_desc pd = res.own(attr == null
        ? new reorder.primitive_desc(eng, from.desc(), eng, to.desc())
        : new reorder.primitive_desc(eng, from.desc(), eng, to.desc(), attr, false));
    primitive r = res.own(new reorder(pd));
    to.storage().constant = true;
    once.add(b -> {
      IntMemoryMap m = b.resources().own(new IntMemoryMap());
      m.put(dnnl.DNNL_ARG_FROM, b.mem(from));
      m.put(dnnl.DNNL_ARG_TO, b.mem(to));
      stream s = b.resources().stream();
      return () -> r.execute(s, m);
    });
  }

  /**
   * Attributes with output scales: one for all ({@code mask} 0) or one per index of the dimensions in
   * {@code mask}'s bits.
   */
  primitive_attr scaled(int mask, float[] scales) {
    primitive_attr attr = res.own(new primitive_attr());
    attr.set_output_scales(mask, scales);
    return attr;
  }

  /** The copies to make once after binding ({@link #reorderOnce}). */
  List<Function<Lowering.Binder, Runnable>> once() {
    return once;
  }

  /** Records a primitive's kernel for reports. */
  void count(String kind, primitive_desc_base pd) {
    kernels.merge(kind + " " + pd.impl_info_str().getString(), 1, Integer::sum);
  }

  Map<String, Integer> kernels() {
    return kernels;
  }

  List<Lowering.StepSpec> steps() {
    return steps;
  }
}
