package org.genimage.detectors.onednn.graph;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.primitive_desc_base;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.genimage.api.Precision;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/**
 * Turns a scheduled {@link Graph} into steps: each node's {@link Op#lower} asks for its inputs in the layouts its
 * primitive wants (a reorder is inserted when a value lies otherwise), defines its outputs' layouts, and adds a step
 * that runs a primitive or a host computation. Values get storage: plan inputs, outputs and constants own theirs;
 * parameters and gradients live in {@link ParameterArena}s; everything else lives in one arena whose offsets
 * {@link MemoryPlanner} assigns from the steps that touch each storage. Views (reshape, permute, slice of a plain
 * layout) share their input's storage; an output may take over an input's storage when that input dies at the node
 * and the primitive works in place.
 *
 * <p>In a bf16 plan ({@link #precision()}) convolutions and matrix products may define their outputs in
 * bfloat16: such a value lies in bf16 only, read as it lies by the next bf16 primitive ({@link #lowOrGet},
 * {@link #as}), and every other reader gets an fp32 copy made at its first read ({@link #get}), so the other
 * lowerings (views, normalisations, host code) only ever see fp32.
 *
 * <p>An int8 plan works the same way with u8 and s8 operands ({@link Quantization}): convolutions whose values
 * have calibrated ranges read and write int8, and a value's fp32 copy is scaled back at its first read. A plan
 * that collects ranges (given an {@code observed} map) is an fp32 plan that records, after every convolution an
 * int8 plan would quantise, the smallest and largest value of its input, output and addend.
 *
 * <p>This class is what every {@link Op#lower} talks to, and drives the schedule; the work is done by its parts,
 * each with one concern: {@link Layouts} (descriptors and layouts), {@link Storages} (the storages, in order),
 * {@link StepRecorder} (the steps, once-copies and kernel counts), {@link PrecisionPolicy} (what runs in bf16 or
 * int8), {@link ValuePlaces} (where each value lies, and what may share memory), {@link Conversions} (a value in
 * the layout and precision its reader wants) and {@link RangeObserver} (calibration). The operand types they
 * share are declared here.
 */
final class Lowering {
  /** Where a storage lives. */
  enum Home { ARENA, OWNED, EXTERNAL }

  /** A block of memory one or more values lie in. */
  static final class Storage {
    final int id;
    final long bytes;
    final Home home;
    final long externalAddress;
    int first = Integer.MAX_VALUE;
    int last = -1;
    long offset = -1;
    float[] initial;
    /**
     * Whether the storage holds a constant: written once, when the plan is first bound ({@link #initial} or a
     * {@link #reorderOnce} target), and then only read, so every execution context of an inference plan shares it.
     */
    boolean constant;

    Storage(int id, long bytes, Home home, long externalAddress) {
      this.id = id;
      this.bytes = bytes;
      this.home = home;
      this.externalAddress = externalAddress;
    }

    void touch(int step) {
      first = Math.min(first, step);
      last = Math.max(last, step);
    }
  }

  /** A value's place: its storage, a byte offset into it, and its layout. */
  record Operand(Storage storage, long offset, Layout layout) {
    memory.desc desc() {
      return layout.desc();
    }
  }

  /** Resolves operands to memory once storages have addresses. */
  interface Binder {
    memory mem(Operand o);

    FloatPointer floats(Operand o);

    /** Owns what a bound step allocates (argument maps) and gives the stream it runs on. */
    Resources resources();
  }

  /** A step before binding. */
  record StepSpec(String kind, boolean backward, Function<Binder, Runnable> make, List<Operand> touched) {
    /** The step and its operands, for error messages. */
    String detail() {
      StringBuilder b = new StringBuilder(kind).append(" (");
      for (Operand o : touched) {
        b.append(o.storage.home).append('#').append(o.storage.id).append('+').append(o.offset).append(' ')
            .append(Arrays.toString(o.layout.dims()))
            .append(o.layout.plain() ? Arrays.toString(o.layout.strides()) : "blocked").append("; ");
      }
      return b.append(')').toString();
    }
  }

  private final engine eng;
  private final Resources res;
  private final Layouts layouts;
  private final Storages storages = new Storages();
  private final StepRecorder recorder;
  private final List<Node> schedule;
  private final Map<Node, Object> remembered = new HashMap<>();
  private final boolean training;
  private final PrecisionPolicy policy;
  private final ValuePlaces places;
  private final Conversions conversions;
  /** Null unless the plan collects ranges. */
  private final RangeObserver observer;

  Lowering(engine eng, Resources res, List<Node> schedule, boolean training) {
    this(eng, res, schedule, training, Precision.FP32, null, null);
  }

  /**
   * A lowering; {@code precision} lets convolutions and matrix products run in bf16, or convolutions in int8 with
   * the activation {@code ranges} (inference only, on a CPU where {@link NativeSupport} found native kernels);
   * {@code observed}, when not null, makes an fp32 plan that collects ranges into it (see the class comment).
   */
  Lowering(engine eng, Resources res, List<Node> schedule, boolean training, Precision precision,
      ActivationRanges ranges, Map<String, float[]> observed) {
    this.eng = eng;
    this.res = res;
    this.layouts = new Layouts(res);
    this.recorder = new StepRecorder(eng, res, storages);
    this.schedule = schedule;
    this.training = training;
    this.policy = new PrecisionPolicy(training, precision, ranges, schedule, this::pinnedOutputs);
    this.places = new ValuePlaces(storages, layouts, recorder, policy, schedule);
    this.conversions = new Conversions(storages, layouts, recorder, policy, places, training);
    this.observer = observed == null ? null : new RangeObserver(observed, policy, conversions, recorder);
  }

  /** The plan's pinned outputs, which {@link PrecisionPolicy#reducible} walks back from once they are all pinned. */
  private Set<Value> pinnedOutputs() {
    return places.pinned();
  }

  engine engine() {
    return eng;
  }

  /** Whether the plan trains (forward primitives keep what their backward needs) or only infers. */
  boolean training() {
    return training;
  }

  /** The forward propagation kind of this plan's primitives. */
  dnnl.prop_kind forward() {
    return training ? dnnl.prop_kind.forward_training : dnnl.prop_kind.forward_inference;
  }

  Resources resources() {
    return res;
  }

  /** The precision convolutions and matrix products may run in (see the class comment). */
  Precision precision() {
    return policy.precision();
  }

  /** Whether a convolution or matrix product should run in bf16 ({@link PrecisionPolicy#inBf16}). */
  boolean inBf16(Node n) {
    return policy.inBf16(n);
  }

  /** Whether a convolution should run in int8 ({@link PrecisionPolicy#inInt8}). */
  boolean inInt8(Node n) {
    return policy.inInt8(n);
  }

  /** Records that a convolution was lowered in int8. */
  void quantised() {
    policy.quantised();
  }

  /** How many convolutions were lowered in int8. */
  int quantisedCount() {
    return policy.quantisedCount();
  }

  /** The int8 forms of an int8 plan's values. */
  Quantization quantization() {
    return policy.quantization();
  }

  // ---- placing values that are not computed ----

  /** Places a value in memory the plan owns (inputs, outputs, constants), plain dense. */
  Operand own(Value v) {
    return places.own(v);
  }

  /** A constant the plan owns, plain dense, not tied to a graph value (ones for sums by matrix product). */
  Operand constant(long[] shape, float[] data) {
    return places.constant(shape, data);
  }

  /** Places a value at a fixed address, plain dense (parameters). */
  Operand external(Value v, long address) {
    return places.external(v, address);
  }

  /** Makes a computed value land at a fixed address, plain dense (gradients of parameters). */
  void pinExternal(Value v, long address) {
    places.pinExternal(v, address);
  }

  /** Makes a computed value land in memory the plan owns, plain dense (loss, statistics). */
  Operand pinOwned(Value v) {
    return places.pinOwned(v);
  }

  // ---- reading ----

  /** The value as it lies, in fp32: a value computed in bf16 is copied to fp32 at its first read here. */
  Operand get(Value v) {
    return conversions.get(v);
  }

  /** The value's bf16 (or int8) operand, or null when it has none (it lies in fp32 only). */
  Operand lowOnly(Value v) {
    return places.low(v);
  }

  /**
   * The value in bf16 or int8 if it has been computed or converted so, else as it lies in fp32 (for bf16 and int8
   * primitives).
   */
  Operand lowOrGet(Value v) {
    return conversions.lowOrGet(v);
  }

  Layout layout(Value v) {
    return get(v).layout;
  }

  /**
   * The value in the layout {@code wanted}: itself, or a reordered copy, converted once where the copy can be kept
   * ({@link Conversions#as(Value, memory.desc)}).
   */
  Operand as(Value v, memory.desc wanted) {
    return conversions.as(v, wanted);
  }

  /** Like {@link #as(Value, memory.desc)}, starting from {@code o}, a view of {@code v}. */
  Operand as(Value v, Operand o, memory.desc wanted) {
    return conversions.as(v, o, wanted);
  }

  /**
   * The value as it lies unless it is a strided view that is not dense (a transpose or slice), which is copied
   * dense ({@link Conversions#compact}).
   */
  Operand compact(Value v) {
    return conversions.compact(v);
  }

  /** The value in a plain (strided) layout: as it lies, or a dense copy of a blocked one. */
  Operand plain(Value v) {
    return conversions.plain(v);
  }

  /** The value plain and dense, row-major. */
  Operand dense(Value v) {
    return conversions.dense(v);
  }

  // ---- defining outputs ----

  /** Defines {@code v} in the layout of {@code desc} (a primitive's choice). */
  Operand define(Value v, memory.desc desc) {
    return define(v, layoutOf(desc));
  }

  /** Defines {@code v} plain and dense. */
  Operand definePlain(Value v) {
    return define(v, plainLayout(v.shape));
  }

  Operand define(Value v, Layout layout) {
    return places.define(v, layout);
  }

  /**
   * Defines {@code v} in {@code donor}'s storage when the donor dies at this node and its memory can be reused
   * ({@link ValuePlaces#defineInPlace}); otherwise like {@link #define(Value, memory.desc)}.
   */
  Operand defineInPlace(Value v, memory.desc desc, Value donor) {
    return places.defineInPlace(v, desc, donor);
  }

  /**
   * Defines a value whose producer writes it in a layout of other dims with the same elements (grouped
   * convolution weights, {@code [g, co/g, ci/g, kh, kw]} for {@code [co, ci/g, kh, kw]}): written to a temporary,
   * then reordered into a dense view of the value's own plain layout.
   */
  Operand defineGrouped(Value v, memory.desc desc) {
    return places.defineGrouped(v, desc);
  }

  /** Defines {@code v} as a view of {@code base}'s memory (copied when {@code v} must land elsewhere). */
  Operand defineView(Value v, Operand base, Layout layout, long byteOffset) {
    return places.defineView(v, base, layout, byteOffset);
  }

  /**
   * The values (all of shape {@code [c]}) as the rows of one dense {@code [k, c]} temporary, as oneDNN's
   * normalisations want their scale and shift.
   */
  Operand packRows(Value... rows) {
    return conversions.packRows(rows);
  }

  /** Defines each value as a row of a dense {@code [k, c]} operand (copied when a value must land elsewhere). */
  void unpackRows(Operand packed, Value... rows) {
    places.unpackRows(packed, rows);
  }

  /**
   * A constant copy of {@code from} in the layout {@code wanted}, made once when the plan is bound, through
   * {@code attr} (scales into an int8 form), in memory the plan owns.
   */
  Operand constantCopy(Operand from, memory.desc wanted, primitive_attr attr) {
    return conversions.constantCopy(from, wanted, attr);
  }

  /** Memory for this step only (a primitive's workspace or an intermediate). */
  Operand temp(Layout layout) {
    return storages.temp(layout);
  }

  /** Whether no node after the current one reads the value or any view of its memory. */
  boolean diesHere(Value v) {
    return places.diesHere(v);
  }

  /** The value whose memory {@code v} is a view of (itself when it is not a view). */
  Value root(Value v) {
    return places.root(v);
  }

  // ---- steps ----

  /**
   * Attributes with a scratchpad the plan provides ({@link #withScratchpad}): oneDNN's own is kept per calling
   * thread and shared by the primitives a thread runs, which is not safe when contexts of one plan run the same
   * primitives on several threads at once, nor when a plan runs on a thread other than the one that compiled it.
   */
  primitive_attr attr() {
    return recorder.attr();
  }

  /** {@code args} plus the primitive's scratchpad, a temporary of the arena (so each context has its own). */
  Object[] withScratchpad(primitive_desc_base pd, Object... args) {
    return recorder.withScratchpad(pd, args);
  }

  /** Adds a primitive call; {@code args} alternate oneDNN argument ids and operands. */
  void exec(String kind, primitive p, Object... args) {
    recorder.exec(kind, p, args);
  }

  /** Adds a computation in Java over plain dense operands. */
  void host(String kind, Function<Binder, Runnable> make, Operand... touched) {
    recorder.host(kind, make, touched);
  }

  /** A computation in Java from input arrays into an output array, all dense row-major and reused every run. */
  interface HostFn {
    void apply(float[][] in, float[] out);
  }

  /**
   * Adds a Java computation of one output from inputs; inputs are densified and the output defined plain here.
   */
  void host(String kind, List<Value> inputs, Value output, HostFn fn) {
    Operand[] ins = new Operand[inputs.size()];
    for (int i = 0; i < ins.length; i++) {
      ins[i] = dense(inputs.get(i));
    }
    Operand out = definePlain(output);
    Operand[] touched = Arrays.copyOf(ins, ins.length + 1);
    touched[ins.length] = out;
    int outCount = (int) output.elements();
    host(kind, b -> {
      FloatPointer[] src = new FloatPointer[ins.length];
      float[][] arrays = new float[ins.length][];
      for (int i = 0; i < ins.length; i++) {
        src[i] = b.floats(ins[i]);
        arrays[i] = new float[(int) Shapes.elements(ins[i].layout().dims())];
      }
      FloatPointer dst = b.floats(out);
      float[] result = new float[outCount];
      return () -> {
        for (int i = 0; i < src.length; i++) {
          src[i].get(arrays[i]);
        }
        fn.apply(arrays, result);
        dst.put(result);
      };
    }, touched);
  }

  /** Copies between layouts. */
  void reorder(Operand from, Operand to) {
    recorder.reorder(from, to);
  }

  /** Copies between layouts, multiplying by {@code scale} (into or out of an int8 form). */
  void reorder(Operand from, Operand to, float scale) {
    recorder.reorder(from, to, scale);
  }

  /**
   * A copy made once, when the plan is bound, between memory the plan owns (a constant into another layout):
   * not a step of every run.
   */
  void reorderOnce(Operand from, Operand to) {
    recorder.reorderOnce(from, to);
  }

  /** Like {@link #reorderOnce(Operand, Operand)}, with attributes (scales into an int8 form), or null for none. */
  void reorderOnce(Operand from, Operand to, primitive_attr attr) {
    recorder.reorderOnce(from, to, attr);
  }

  /**
   * Attributes with output scales: one for all ({@code mask} 0) or one per index of the dimensions in
   * {@code mask}'s bits.
   */
  primitive_attr scaled(int mask, float[] scales) {
    return recorder.scaled(mask, scales);
  }

  /** The copies to make once after binding ({@link #reorderOnce}). */
  List<Function<Binder, Runnable>> once() {
    return recorder.once();
  }

  /** Records a primitive's kernel for reports. */
  void count(String kind, primitive_desc_base pd) {
    recorder.count(kind, pd);
  }

  Map<String, Integer> kernels() {
    return recorder.kernels();
  }

  /** Keeps something a backward node of {@code forward} needs (e.g. its primitive descriptor). */
  void remember(Node forward, Object state) {
    remembered.put(forward, state);
  }

  @SuppressWarnings("unchecked")
  <T> T recall(Node forward, Class<T> type) {
    Object o = remembered.get(forward);
    if (!type.isInstance(o)) {
      throw new IllegalStateException("no " + type.getSimpleName() + " recorded for " + forward);
    }
    return (T) o;
  }

  // ---- driving ----

  void lowerAll() {
    for (int i = 0; i < schedule.size(); i++) {
      places.at(i);
      Node n = schedule.get(i);
      recorder.backward(n.backward);
      boolean observing = observer != null && observer.observes(n);
      if (observing) {
        observer.before(n);
      }
      try {
        n.op.lower(n, this);
      } catch (UnsupportedGraphException e) {
        throw new UnsupportedGraphException("cannot lower " + n + ": " + e.getMessage(), e);
      }
      if (recorder.hasPending()) {
        throw new IllegalStateException(n + " defined a pinned output without running a step");
      }
      if (observing) {
        observer.after(n);
      }
    }
  }

  List<StepSpec> steps() {
    return recorder.steps();
  }

  List<Storage> storages() {
    return storages.all();
  }

  // ---- layouts ----

  Layout plainLayout(long[] shape) {
    return layouts.plainLayout(shape);
  }

  Layout strided(long[] dims, long[] strides) {
    return layouts.strided(dims, strides);
  }

  /** A layout from a primitive's descriptor: plain when it equals the dense row-major layout of its dims. */
  Layout layoutOf(memory.desc desc) {
    return layouts.layoutOf(desc);
  }

  /** Any layout oneDNN likes, for a primitive to choose. */
  memory.desc any(long[] shape) {
    return layouts.any(shape);
  }

  /** A {@code format_tag::any} descriptor of the element type {@code type}, for a primitive to choose. */
  memory.desc any(long[] shape, memory.data_type type) {
    return layouts.any(shape, type);
  }

  /** {@code desc} with its elements of another type, same dims and format. */
  memory.desc withType(memory.desc desc, memory.data_type type) {
    return layouts.withType(desc, type);
  }

  @Override
  public String toString() {
    return "Lowering[" + recorder.steps().size() + " steps, " + storages.size() + " storages, kernels " + recorder.kernels()
        + "]";
  }
}
