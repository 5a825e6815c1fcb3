package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.bytedeco.dnnl.engine;
import org.bytedeco.javacpp.FloatPointer;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Precision;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/**
 * The forward pass of a SameDiff inference graph (weights as constants, as
 * {@link org.genimage.detectors.InferenceGraphBuilder} builds it) compiled for one batch size onto oneDNN's
 * primitives by the same importer and lowerings as {@link TrainingPlan}: layer norm and GELU as single primitives,
 * attention heads and transposes read through strides, convolutions with their ReLU and residual add fused as
 * post-ops, a linear layer's GELU fused into its matmul, constants reordered into their primitives' layouts once
 * when the plan is bound, activations in one planned arena. What every architecture scores with on a CPU.
 *
 * <p>The plan holds what does not change (primitives, weights in their layouts) once; a {@link Context} holds what
 * one forward pass writes (the activation arena with the convolutions' scratchpads, input, output, a stream).
 * Contexts run concurrently, one per thread, sharing the plan's weights; {@link #run} uses a context of the plan's
 * own and, like each context, is not thread-safe. Close the plan (which closes its contexts) to free its native
 * memory.
 *
 * <p>A plan compiled for {@link Precision#BF16} runs its convolutions and matrix products in bfloat16 with fp32
 * accumulation where oneDNN has native bf16 kernels on this CPU (the first layer, the classifier, normalisations
 * and softmax stay fp32); on a CPU without them it runs fp32 and {@link #precisionNote()} says why. The input and
 * output are fp32 either way. A plan compiled for {@link Precision#INT8} with {@link ActivationRanges} runs its
 * convolutions in 8-bit integers the same way (see {@link #compile(GraphBuilder, String, String, engine, int,
 * Precision, ActivationRanges)}).
 */
public final class InferencePlan implements AutoCloseable {
  private final int batch;
  private final engine eng;
  private final Resources res;
  private final Lowering lowering;
  private final Lowering.Operand in;
  private final Lowering.Operand out;
  private final Map<Lowering.Storage, Long> constants;
  private final List<NativeBlock> constantBlocks;
  private final long arenaBytes;
  private final Map<String, Integer> kernels;
  private final Precision precision;
  private final String precisionNote;
  private final List<Context> contexts = new ArrayList<>();
  private Context own;
  private boolean closed;

  private InferencePlan(int batch, engine eng, Resources res, Lowering lowering, Lowering.Operand in,
      Lowering.Operand out, List<NativeBlock> constantBlocks, Precision precision, String precisionNote) {
    this.batch = batch;
    this.precision = precision;
    this.precisionNote = precisionNote;
    this.eng = eng;
    this.res = res;
    this.lowering = lowering;
    this.in = in;
    this.out = out;
    this.constantBlocks = constantBlocks;
    this.constants = Placement.constants(lowering.storages(), eng, constantBlocks);
    this.arenaBytes = MemoryPlanner.plan(lowering.storages());
    this.kernels = new TreeMap<>(lowering.kernels());
    // The constants' copies into their primitives' layouts, made once; they read and write constants only.
    Lowering.Binder constantsOnly = Placement.binder(eng, res, constants);
    for (Function<Lowering.Binder, Runnable> once : lowering.once()) {
      once.apply(constantsOnly).run();
    }
  }

  /**
   * Compiles an inference graph's forward pass.
   *
   * @param builder the builder the graph was written with (its graph and regions)
   * @param input   the input placeholder ({@code [-1, c, h, w]})
   * @param output  the output variable ({@code [n, k]})
   * @param eng     the oneDNN engine
   * @param batch   the batch size
   * @return the plan
   * @throws UnsupportedGraphException when oneDNN is not available or the graph holds something unsupported
   */
  public static InferencePlan compile(GraphBuilder builder, String input, String output, engine eng, int batch) {
    return compile(builder, input, output, eng, batch, Precision.FP32);
  }

  /**
   * Compiles an inference graph's forward pass in a precision: {@link Precision#BF16} where this CPU has native
   * bf16 kernels, else fp32 with the reason in {@link #precisionNote()}.
   *
   * @param builder   the builder the graph was written with (its graph and regions)
   * @param input     the input placeholder ({@code [-1, c, h, w]})
   * @param output    the output variable ({@code [n, k]})
   * @param eng       the oneDNN engine
   * @param batch     the batch size
   * @param precision the precision asked for
   * @return the plan
   * @throws UnsupportedGraphException when oneDNN is not available or the graph holds something unsupported
   */
  public static InferencePlan compile(GraphBuilder builder, String input, String output, engine eng, int batch,
      Precision precision) {
    return compile(builder, input, output, eng, batch, precision, null);
  }

  /**
   * Compiles an inference graph's forward pass in a precision, int8 with activation ranges: its convolutions
   * (except the first and the last) read and write 8-bit integers where this CPU has native int8 kernels (VNNI or
   * AMX), else the plan runs fp32 with the reason in {@link #precisionNote()}. A convolution the ranges do not
   * cover runs in fp32.
   *
   * @param builder   the builder the graph was written with (its graph and regions)
   * @param input     the input placeholder ({@code [-1, c, h, w]})
   * @param output    the output variable ({@code [n, k]})
   * @param eng       the oneDNN engine
   * @param batch     the batch size
   * @param precision the precision asked for
   * @param ranges    the activation ranges ({@link #collectRanges}); needed for {@link Precision#INT8}, else
   *                  ignored (null allowed)
   * @return the plan
   * @throws BadArgumentException for int8 without ranges
   * @throws UnsupportedGraphException when oneDNN is not available or the graph holds something unsupported
   */
  public static InferencePlan compile(GraphBuilder builder, String input, String output, engine eng, int batch,
      Precision precision, ActivationRanges ranges) {
    if (precision == Precision.INT8 && ranges == null) {
      throw new BadArgumentException("precision", precision.label(), "activation ranges collected on calibration "
          + "images for int8 (NetworkDetector.activationRanges and withInt8, or genimage quantize)");
    }
    return compile(builder, input, output, eng, batch, precision, ranges, null);
  }

  /**
   * The range of every value an int8 plan would quantise, over batches of calibration samples: an fp32 plan that
   * records each quantisable convolution's input, output and addend after it runs.
   *
   * @param builder the builder the graph was written with
   * @param input   the input placeholder
   * @param output  the output variable
   * @param eng     the oneDNN engine
   * @param batch   the batch size of every batch given
   * @param batches full batches of preprocessed samples, {@code batch * c * h * w} values each
   * @return the ranges, keyed by convolution weight and role
   * @throws BadArgumentException when no batch is given
   */
  public static ActivationRanges collectRanges(GraphBuilder builder, String input, String output, engine eng,
      int batch, Iterable<float[]> batches) {
    Checks.notNull("batches", batches);
    Map<String, float[]> observed = new TreeMap<>();
    int runs = 0;
    try (InferencePlan plan = compile(builder, input, output, eng, batch, Precision.FP32, null, observed)) {
      for (float[] b : batches) {
        plan.run(b);
        runs++;
      }
    }
    if (runs == 0) {
      throw new BadArgumentException("batches", "none", "at least one batch of calibration samples");
    }
    Map<String, ActivationRanges.Range> ranges = new TreeMap<>();
    observed.forEach((k, r) -> ranges.put(k, new ActivationRanges.Range(r[0], r[1])));
    return new ActivationRanges(ranges);
  }

  private static InferencePlan compile(GraphBuilder builder, String input, String output, engine eng, int batch,
      Precision precision, ActivationRanges ranges, Map<String, float[]> observed) {
    Checks.notNull("builder", builder);
    Checks.notNull("precision", precision);
    Checks.inRange("batch", batch, 1, 65536);
    if (!OneDnn.available()) {
      throw new UnsupportedGraphException(OneDnn.problem().orElse("oneDNN is not available"));
    }
    if (builder.training()) {
      throw new UnsupportedGraphException("a training graph: compile it with TrainingPlan");
    }
    Importer importer = new Importer(builder.sd(), builder, Set.of(input), batch);
    Value out = importer.read(List.of(output)).get(0);
    Graph g = importer.graph();
    Fusions.apply(g);
    Fusions.inference(g);
    g.retain(needed(out));
    Resources res = new Resources(eng);
    try {
      return build(g, out, eng, res, batch, precision, ranges, observed);
    } catch (RuntimeException e) {
      res.close();
      throw e;
    }
  }

  private static Set<Node> needed(Value root) {
    Set<Node> keep = new HashSet<>();
    List<Value> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      Node p = todo.remove(todo.size() - 1).producer;
      if (p != null && keep.add(p)) {
        todo.addAll(p.inputs);
      }
    }
    return keep;
  }

  private static InferencePlan build(Graph g, Value out, engine eng, Resources res, int batch,
      Precision asked, ActivationRanges ranges, Map<String, float[]> observed) {
    if (out.role != Value.Role.COMPUTED || out.rank() != 2) {
      throw new UnsupportedGraphException("the output " + out + " is not a computed [n, k] value");
    }
    Precision precision = asked;
    String note = "";
    String why = NativeSupport.problem(asked).orElse(null);
    if (why != null) {
      precision = Precision.FP32;
      note = asked.label() + " was asked for but " + why + ": running fp32";
    }
    Lowering l = new Lowering(eng, res, g.nodes(), false, precision, ranges, observed);
    Lowering.Operand in = null;
    for (Value v : g.values()) {
      if (v.consumers.isEmpty()) {
        continue;
      }
      if (v.role == Value.Role.INPUT) {
        in = l.own(v);
      } else if (v.role == Value.Role.CONSTANT) {
        l.own(v);
      } else if (v.role == Value.Role.PARAM) {
        throw new UnsupportedGraphException("trainable variable '" + v.name + "' in an inference graph");
      }
    }
    if (in == null) {
      throw new UnsupportedGraphException("the output does not depend on the input");
    }
    Lowering.Operand result = l.pinOwned(out);
    l.lowerAll();
    if (precision == Precision.INT8 && l.quantisedCount() == 0) {
      // Nothing took the int8 path (a transformer: its matrix products stay fp32): the plan is an fp32 one.
      precision = Precision.FP32;
      note = "int8 was asked for but no convolution of this network has an int8 form (the first layer and the "
          + "classifier stay fp32, and int8 plans keep matrix products in fp32): running fp32";
    }
    List<NativeBlock> constantBlocks = new ArrayList<>();
    try {
      return new InferencePlan(batch, eng, res, l, in, result, constantBlocks, precision, note);
    } catch (RuntimeException e) {
      constantBlocks.forEach(NativeBlock::close);
      throw e;
    }
  }

  /**
   * A new execution context: its own activation arena, input and output, sharing this plan's weights and
   * primitives; closed with the plan at the latest.
   *
   * @return the context, for one thread at a time
   * @throws IllegalStateException if the plan is closed
   */
  public synchronized Context newContext() {
    if (closed) {
      throw new IllegalStateException("the inference plan is closed");
    }
    Context c = new Context();
    contexts.add(c);
    return c;
  }

  /**
   * One thread's execution of the plan: the memory a forward pass writes, bound to the plan's steps. Not
   * thread-safe; any number of contexts of one plan run at once.
   */
  public final class Context implements AutoCloseable {
    private final Resources mine;
    private final NativeBlock arena;
    private final List<NativeBlock> blocks = new ArrayList<>();
    private final List<Runnable> steps = new ArrayList<>();
    private final FloatPointer input;
    private final int inputFloats;
    private final FloatPointer output;
    private final float[] result;
    private boolean contextClosed;

    private Context() {
      mine = new Resources(eng);
      arena = new NativeBlock(eng, arenaBytes);
      try {
        Lowering.Binder binder = Placement.binder(eng, mine,
            Placement.bases(lowering.storages(), arena, eng, blocks, constants));
        for (Lowering.StepSpec s : lowering.steps()) {
          steps.add(s.make().apply(binder));
        }
        input = binder.floats(in);
        output = binder.floats(out);
      } catch (RuntimeException e) {
        mine.close();
        arena.close();
        blocks.forEach(NativeBlock::close);
        throw e;
      }
      inputFloats = (int) (in.layout().bytes() / Float.BYTES);
      result = new float[(int) (out.layout().bytes() / Float.BYTES)];
    }

    /**
     * The forward pass.
     *
     * @param batchValues the batch, {@code batch * c * h * w} values, NCHW (longer arrays allowed)
     * @return a copy of the output, {@code batch * outputColumns()} values, row-major
     * @throws IllegalStateException if the context or its plan is closed
     */
    public float[] run(float[] batchValues) {
      if (contextClosed) {
        throw new IllegalStateException("the inference context is closed");
      }
      if (batchValues.length < inputFloats) {
        throw new BadArgumentException("in.length", batchValues.length, "at least " + inputFloats);
      }
      input.put(batchValues, 0, inputFloats);
      for (Runnable s : steps) {
        s.run();
      }
      output.get(result);
      return result.clone();
    }

    /** Frees the context's arena, input and output; the plan's weights stay. */
    @Override
    public void close() {
      synchronized (InferencePlan.this) {
        if (contextClosed) {
          return;
        }
        contextClosed = true;
        contexts.remove(this);
      }
      mine.close();
      arena.close();
      blocks.forEach(NativeBlock::close);
    }
  }

  /**
   * The batch size this plan was compiled for.
   *
   * @return the batch size
   */
  public int batch() {
    return batch;
  }

  /**
   * Values per sample of the output.
   *
   * @return the output's columns
   */
  public int outputColumns() {
    return (int) (out.layout().bytes() / Float.BYTES) / batch;
  }

  /**
   * The forward pass, in the plan's own context (not thread-safe: give each thread a {@link #newContext()}).
   *
   * @param batchValues the batch, {@code batch * c * h * w} values, NCHW (longer arrays allowed)
   * @return a copy of the output, {@code batch * outputColumns()} values, row-major
   */
  public float[] run(float[] batchValues) {
    if (closed) {
      throw new IllegalStateException("the inference plan is closed");
    }
    if (own == null) {
      own = newContext();
    }
    return own.run(batchValues);
  }

  /**
   * The oneDNN kernels the plan runs, by primitive and implementation, with their step counts.
   *
   * @return kernel to count
   */
  public Map<String, Integer> kernels() {
    return kernels;
  }

  /**
   * The precision the plan runs in: the one asked for, or fp32 where this CPU cannot run it natively.
   *
   * @return the precision
   */
  public Precision precision() {
    return precision;
  }

  /**
   * Why the plan runs in another precision than the one asked for.
   *
   * @return the reason, empty when the plan runs what was asked
   */
  public String precisionNote() {
    return precisionNote;
  }

  /**
   * What runs, for logs and provenance.
   *
   * @return e.g. {@code oneDNN 2.5.2 inference plan, batch 8, fp32, 310 steps, arena 60.1 MB, kernels
   *     {binary jit:uni=40, ...}}, with the reason when the precision asked for could not run
   */
  public String description() {
    return String.format(Locale.ROOT, "oneDNN %s inference plan, batch %d, %s%s, %d steps, arena %.1f MB, kernels %s",
        OneDnn.version(), batch, precision.label(), precisionNote.isEmpty() ? "" : " (" + precisionNote + ")",
        lowering.steps().size(), arenaBytes / 1e6, kernels);
  }

  /**
   * Values of a full input batch.
   *
   * @return {@code batch * c * h * w}
   */
  public int inputFloats() {
    return (int) (in.layout().bytes() / Float.BYTES);
  }

  @Override
  public void close() {
    List<Context> open;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      open = new ArrayList<>(contexts);
    }
    open.forEach(Context::close);
    res.close();
    constantBlocks.forEach(NativeBlock::close);
  }
}
