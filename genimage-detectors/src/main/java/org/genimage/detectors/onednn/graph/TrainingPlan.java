package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.javacpp.FloatPointer;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.TrainingGraphBuilder;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/**
 * One training step (forward and backward) of a SameDiff training graph compiled for a fixed batch size onto
 * oneDNN's primitives: convolution, batch and layer normalisation, pooling, matmul, softmax and element-wise
 * primitives forward and backward, views for reshapes and transposes, and one arena of activation memory whose
 * offsets are planned from each value's lifetime, so a step allocates nothing and keeps nothing from the step
 * before. Parameters are read from, and gradients written to, {@link ParameterArena}s owned by the caller (shared by
 * the plans of several batch sizes); the caller runs the optimiser.
 *
 * <p>How it is built: {@link Importer} reads the graph into a {@link Graph} (regions of the builder become single
 * nodes), {@link Autodiff} appends the backward nodes, nodes nothing needs are dropped, {@link Lowering} emits the
 * steps, {@link MemoryPlanner} places the activations. Not thread-safe; close it to free its native memory.
 */
public final class TrainingPlan implements AutoCloseable {
  private final int batch;
  private final Resources res;
  private final List<Runnable> steps;
  private final List<String> stepKinds;
  private final List<String> stepDetails;
  private final int forwardSteps;
  private final Map<String, Feed> feeds;
  private final Map<String, FloatPointer> outputs;
  private final Map<String, Integer> outputSizes;
  private final Map<String, Integer> kernels;
  private final NativeBlock arena;
  private final List<NativeBlock> owned;
  private final Map<String, long[]> profile = new TreeMap<>();
  private boolean profiling;
  private boolean closed;

  private record Feed(FloatPointer to, int floats) {}

  private TrainingPlan(int batch, Resources res, List<Runnable> steps, List<String> stepKinds,
      List<String> stepDetails, int forwardSteps,
      Map<String, Feed> feeds, Map<String, FloatPointer> outputs, Map<String, Integer> outputSizes,
      Map<String, Integer> kernels, NativeBlock arena, List<NativeBlock> owned) {
    this.batch = batch;
    this.res = res;
    this.steps = steps;
    this.stepKinds = stepKinds;
    this.stepDetails = stepDetails;
    this.forwardSteps = forwardSteps;
    this.feeds = feeds;
    this.outputs = outputs;
    this.outputSizes = outputSizes;
    this.kernels = kernels;
    this.arena = arena;
    this.owned = owned;
  }

  /**
   * Compiles a training graph.
   *
   * @param builder  the builder the graph was written with (its graph, parameters, layouts and regions)
   * @param inputs   the placeholders fed every step (images, labels, random masks)
   * @param loss     the scalar loss variable
   * @param extra    other variables to read after a step (batch statistics)
   * @param params   the parameters, by canonical name
   * @param grads    where the gradients go, same names
   * @param eng      the oneDNN engine
   * @param batch    the batch size
   * @return the plan
   * @throws UnsupportedGraphException when oneDNN is not available or the graph holds something unsupported
   */
  public static TrainingPlan compile(TrainingGraphBuilder builder, List<String> inputs, String loss,
      List<String> extra, ParameterArena params, ParameterArena grads, engine eng, int batch) {
    Checks.notNull("builder", builder);
    Checks.inRange("batch", batch, 1, 65536);
    if (!OneDnn.available()) {
      throw new UnsupportedGraphException(OneDnn.problem().orElse("oneDNN is not available"));
    }
    Importer importer = new Importer(builder.sd(), builder, new HashSet<>(inputs), batch);
    List<String> wanted = new ArrayList<>();
    wanted.add(loss);
    wanted.addAll(extra);
    List<Value> roots = importer.read(wanted);
    Graph g = importer.graph();
    Fusions.apply(g);
    Map<Value, Value> gradOf = new Autodiff(g).run(roots.get(0), importer.params().values());
    Set<Value> keep = new HashSet<>(roots);
    gradOf.values().forEach(v -> {
      if (v != null) {
        keep.add(v);
      }
    });
    g.retain(needed(g, keep));
    Resources res = new Resources(eng);
    try {
      return build(g, importer, roots, wanted, gradOf, params, grads, eng, res, batch);
    } catch (RuntimeException e) {
      res.close();
      throw e;
    }
  }

  private static Set<Node> needed(Graph g, Set<Value> roots) {
    Set<Node> keep = new HashSet<>();
    List<Value> todo = new ArrayList<>(roots);
    while (!todo.isEmpty()) {
      Value v = todo.remove(todo.size() - 1);
      Node p = v.producer;
      if (p != null && keep.add(p)) {
        todo.addAll(p.inputs);
      }
    }
    return keep;
  }

  private static TrainingPlan build(Graph g, Importer importer, List<Value> roots, List<String> names,
      Map<Value, Value> gradOf, ParameterArena params, ParameterArena grads, engine eng, Resources res, int batch) {
    Lowering l = new Lowering(eng, res, g.nodes(), true);
    Map<String, Lowering.Operand> fed = new LinkedHashMap<>();
    for (Value v : g.values()) {
      if (v.consumers.isEmpty() && !roots.contains(v)) {
        continue;
      }
      switch (v.role) {
        case INPUT -> fed.put(v.name, l.own(v));
        case CONSTANT -> l.own(v);
        case PARAM -> l.external(v, params.address(v.name));
        default -> { }
      }
    }
    for (Map.Entry<Value, Value> e : gradOf.entrySet()) {
      Value gr = e.getValue();
      if (gr == null) {
        continue;
      }
      if (gr.role != Value.Role.COMPUTED) {
        throw new UnsupportedGraphException("the gradient of " + e.getKey() + " is not computed by the graph");
      }
      l.pinExternal(gr, grads.address(e.getKey().name));
    }
    Map<String, Lowering.Operand> outs = new LinkedHashMap<>();
    for (int i = 0; i < roots.size(); i++) {
      Value v = roots.get(i);
      if (v.role != Value.Role.COMPUTED) {
        throw new UnsupportedGraphException("output '" + names.get(i) + "' is not computed by the graph");
      }
      outs.put(names.get(i), l.pinOwned(v));
    }
    l.lowerAll();
    long arenaBytes = MemoryPlanner.plan(l.storages());
    NativeBlock arena = new NativeBlock(eng, arenaBytes);
    List<NativeBlock> owned = new ArrayList<>();
    Lowering.Binder binder = Placement.binder(eng, res, Placement.bases(l.storages(), arena, eng, owned));
    List<Runnable> steps = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    List<String> details = new ArrayList<>();
    int forward = -1;
    for (Lowering.StepSpec s : l.steps()) {
      if (s.backward() && forward < 0) {
        forward = steps.size();
      }
      steps.add(s.make().apply(binder));
      kinds.add((s.backward() ? "backward " : "forward ") + s.kind());
      details.add(s.detail());
    }
    Map<String, Feed> feeds = new LinkedHashMap<>();
    fed.forEach((name, o) -> feeds.put(name, new Feed(binder.floats(o),
        (int) (o.layout().bytes() / Float.BYTES))));
    Map<String, FloatPointer> outputs = new LinkedHashMap<>();
    Map<String, Integer> sizes = new LinkedHashMap<>();
    outs.forEach((name, o) -> {
      outputs.put(name, binder.floats(o));
      sizes.put(name, (int) (o.layout().bytes() / Float.BYTES));
    });
    return new TrainingPlan(batch, res, steps, kinds, details, forward < 0 ? steps.size() : forward, feeds, outputs, sizes,
        new TreeMap<>(l.kernels()), arena, owned);
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
   * Writes an input for the next step.
   *
   * @param name   the placeholder
   * @param values its values for the whole batch, row-major (longer arrays allowed)
   */
  public void feed(String name, float[] values) {
    Feed f = feeds.get(name);
    if (f == null) {
      throw new BadArgumentException("name", name, "one of the plan's inputs " + feeds.keySet());
    }
    if (values.length < f.floats) {
      throw new BadArgumentException("values.length", values.length, "at least " + f.floats + " for " + name);
    }
    f.to.put(values, 0, f.floats);
  }

  /**
   * The inputs the plan reads (placeholders the graph's outputs depend on).
   *
   * @return their names
   */
  public Set<String> inputs() {
    return feeds.keySet();
  }

  /** Runs forward and backward: the outputs and every parameter's gradient are computed. */
  public void run() {
    execute(steps.size());
  }

  /** Runs the forward pass only: the outputs are computed, the gradients are not. */
  public void runForward() {
    execute(forwardSteps);
  }

  private void execute(int count) {
    if (closed) {
      throw new IllegalStateException("the training plan is closed");
    }
    int i = 0;
    try {
      if (!profiling) {
        for (; i < count; i++) {
          steps.get(i).run();
        }
        return;
      }
      for (; i < count; i++) {
        long t = System.nanoTime();
        steps.get(i).run();
        long[] p = profile.computeIfAbsent(stepKinds.get(i), k -> new long[2]);
        p[0] += System.nanoTime() - t;
        p[1]++;
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException("step " + i + " of the training plan failed: " + stepDetails.get(i) + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * An output of the last run (the loss, a batch statistic).
   *
   * @param name the variable
   * @return a copy of its values
   */
  public float[] output(String name) {
    FloatPointer p = outputs.get(name);
    if (p == null) {
      throw new BadArgumentException("name", name, "one of the plan's outputs " + outputs.keySet());
    }
    float[] out = new float[outputSizes.get(name)];
    p.get(out);
    return out;
  }

  /**
   * Times every step from now on, by kind ({@code forward convolution}, {@code backward batch norm backward},
   * {@code forward host ...}); see {@link #profile()}.
   *
   * @param on whether to time
   */
  public void profiling(boolean on) {
    profiling = on;
    profile.clear();
  }

  /**
   * Nanoseconds and calls per step kind since {@link #profiling} was switched on.
   *
   * @return kind to {@code [nanos, calls]}
   */
  public Map<String, long[]> profile() {
    Map<String, long[]> copy = new TreeMap<>();
    profile.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
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
   * Bytes of the activation arena (everything but parameters, gradients, inputs and outputs).
   *
   * @return the arena's size
   */
  public long arenaBytes() {
    return arena.bytes();
  }

  /**
   * Steps in one run, forward and backward.
   *
   * @return the step count
   */
  public int steps() {
    return steps.size();
  }

  /**
   * What runs, for logs and provenance.
   *
   * @return e.g. {@code oneDNN 2.5.2 training plan, batch 8, 612 steps (231 forward), arena 1630.2 MB}
   */
  public String description() {
    return String.format(Locale.ROOT, "oneDNN %s training plan, batch %d, %d steps (%d forward), arena %.1f MB",
        OneDnn.version(), batch, steps.size(), forwardSteps, arena.bytes() / 1e6);
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
