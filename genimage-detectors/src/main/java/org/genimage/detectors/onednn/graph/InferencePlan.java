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
import org.genimage.api.Checks;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/**
 * The forward pass of a SameDiff inference graph (weights as constants, as
 * {@link org.genimage.detectors.InferenceGraphBuilder} builds it) compiled for one batch size onto oneDNN's
 * primitives by the same importer and lowerings as {@link TrainingPlan}: layer norm and GELU as single primitives,
 * attention heads and transposes read through strides, convolutions with their ReLU and residual add fused as
 * post-ops, a linear layer's GELU fused into its matmul, constants reordered into their primitives' layouts once
 * when the plan is bound, activations in one planned arena. What DeiT, Swin, F3Net and GramNet score with on a
 * CPU. Not thread-safe; close it to free its native memory.
 */
public final class InferencePlan implements AutoCloseable {
  private final int batch;
  private final Resources res;
  private final List<Runnable> steps;
  private final FloatPointer input;
  private final int inputFloats;
  private final FloatPointer output;
  private final int outputFloats;
  private final Map<String, Integer> kernels;
  private final NativeBlock arena;
  private final List<NativeBlock> owned;
  private final float[] result;
  private boolean closed;

  private InferencePlan(int batch, Resources res, List<Runnable> steps, FloatPointer input, int inputFloats,
      FloatPointer output, int outputFloats, Map<String, Integer> kernels, NativeBlock arena,
      List<NativeBlock> owned) {
    this.batch = batch;
    this.res = res;
    this.steps = steps;
    this.input = input;
    this.inputFloats = inputFloats;
    this.output = output;
    this.outputFloats = outputFloats;
    this.kernels = kernels;
    this.arena = arena;
    this.owned = owned;
    this.result = new float[outputFloats];
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
    Checks.notNull("builder", builder);
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
      return build(g, out, eng, res, batch);
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

  private static InferencePlan build(Graph g, Value out, engine eng, Resources res, int batch) {
    if (out.role != Value.Role.COMPUTED || out.rank() != 2) {
      throw new UnsupportedGraphException("the output " + out + " is not a computed [n, k] value");
    }
    Lowering l = new Lowering(eng, res, g.nodes(), false);
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
    long arenaBytes = MemoryPlanner.plan(l.storages());
    NativeBlock arena = new NativeBlock(eng, arenaBytes);
    List<NativeBlock> owned = new ArrayList<>();
    Lowering.Binder binder = Placement.binder(eng, res, Placement.bases(l.storages(), arena, eng, owned));
    for (Function<Lowering.Binder, Runnable> once : l.once()) {
      once.apply(binder).run();
    }
    List<Runnable> steps = new ArrayList<>();
    for (Lowering.StepSpec s : l.steps()) {
      steps.add(s.make().apply(binder));
    }
    return new InferencePlan(batch, res, steps, binder.floats(in), (int) (in.layout().bytes() / Float.BYTES),
        binder.floats(result), (int) (result.layout().bytes() / Float.BYTES), new TreeMap<>(l.kernels()), arena,
        owned);
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
    return outputFloats / batch;
  }

  /**
   * The forward pass.
   *
   * @param in the batch, {@code batch * c * h * w} values, NCHW (longer arrays allowed)
   * @return a copy of the output, {@code batch * outputColumns()} values, row-major
   */
  public float[] run(float[] in) {
    if (closed) {
      throw new IllegalStateException("the inference plan is closed");
    }
    if (in.length < inputFloats) {
      throw new BadArgumentException("in.length", in.length, "at least " + inputFloats);
    }
    input.put(in, 0, inputFloats);
    for (Runnable s : steps) {
      s.run();
    }
    output.get(result);
    return result.clone();
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
   * What runs, for logs and provenance.
   *
   * @return e.g. {@code oneDNN 2.5.2 inference plan, batch 8, 310 steps, arena 60.1 MB, kernels
   *     {binary jit:uni=40, ...}}
   */
  public String description() {
    return String.format(Locale.ROOT, "oneDNN %s inference plan, batch %d, %d steps, arena %.1f MB, kernels %s",
        OneDnn.version(), batch, steps.size(), arena.bytes() / 1e6, kernels);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    res.close();
    arena.close();
    owned.forEach(NativeBlock::close);
  }
}
