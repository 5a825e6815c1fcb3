package org.genimage.detectors.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bytedeco.dnnl.engine;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.onednn.graph.ParameterArena;
import org.genimage.detectors.onednn.graph.TrainingPlan;
import org.genimage.detectors.weights.NamedTensor;

/**
 * Training steps on the oneDNN training plan: parameters, gradients and optimiser state in native arenas, one
 * plan for the full batch and at most one more for a smaller final batch, so memory is fixed after the first
 * epoch. Construction compiles the full-batch plan and fails with
 * {@link org.genimage.detectors.onednn.UnsupportedGraphException} when the graph holds something the plan does
 * not support.
 */
final class PlanTrainingEngine implements TrainingEngine {
  private final TrainingGraph graph;
  private final int batchSize;
  private final engine eng = new engine(engine.kind.cpu, 0);
  private final ParameterArena params;
  private final ParameterArena grads;
  private final FlatOptimizer optimizer;
  private final TrainingPlan full;
  private TrainingPlan other;
  private TrainingPlan last;

  PlanTrainingEngine(Architecture architecture, Map<String, NamedTensor> weights, int batchSize,
      OptimizerConfig optimizerConfig, Predicate<String> noDecay) {
    this.graph = new TrainingGraph(architecture, weights);
    this.batchSize = batchSize;
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (String p : graph.params) {
      shapes.put(p, weights.get(p).shape());
    }
    ParameterArena p = null;
    ParameterArena g = null;
    FlatOptimizer o = null;
    try {
      p = new ParameterArena(eng, shapes);
      g = new ParameterArena(eng, shapes);
      for (String name : graph.params) {
        p.put(name, weights.get(name).data());
      }
      o = new FlatOptimizer(eng, optimizerConfig, p, g, noDecay);
      this.full = compile(p, g, batchSize);
    } catch (RuntimeException e) {
      closeAll(o, g, p);
      eng.close();
      throw e;
    }
    this.params = p;
    this.grads = g;
    this.optimizer = o;
  }

  private TrainingPlan compile(ParameterArena p, ParameterArena g, int n) {
    return TrainingPlan.compile(graph.builder, graph.inputs(), TrainingGraph.LOSS,
        new ArrayList<>(graph.statistics().values()), p, g, eng, n);
  }

  private TrainingPlan plan(int n) {
    if (n == batchSize) {
      return full;
    }
    if (other == null || other.batch() != n) {
      // A smaller final batch: one more plan, replaced (not kept beside it) when another size comes.
      if (other != null) {
        other.close();
      }
      other = compile(params, grads, n);
    }
    return other;
  }

  private TrainingPlan feed(TrainingBatch b) {
    TrainingPlan p = plan(b.size());
    p.feed(TrainingGraph.INPUT, b.input());
    p.feed(TrainingGraph.LABEL, b.labels());
    b.masks().forEach((name, values) -> {
      if (p.inputs().contains(name)) {
        p.feed(name, values);
      }
    });
    last = p;
    return p;
  }

  @Override
  public double step(TrainingBatch batch, double lr, long step) {
    TrainingPlan p = feed(batch);
    p.run();
    double loss = p.output(TrainingGraph.LOSS)[0];
    optimizer.step(lr, step);
    return loss;
  }

  @Override
  public void forward(TrainingBatch batch) {
    feed(batch).runForward();
  }

  @Override
  public Map<String, float[]> batchStatistics() {
    Map<String, float[]> out = new LinkedHashMap<>();
    graph.statistics().forEach((buffer, variable) -> out.put(buffer, last.output(variable)));
    return out;
  }

  @Override
  public Map<String, float[]> parameters() {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String p : graph.params) {
      out.put(p, params.get(p));
    }
    return out;
  }

  @Override
  public Map<String, float[]> optimizerState() {
    return optimizer.state();
  }

  @Override
  public void snapshot(Map<String, float[]> parameters, Map<String, float[]> optimizerState) {
    for (String p : graph.params) {
      params.get(p, parameters.computeIfAbsent(p, k -> new float[Math.toIntExact(params.slot(p).count())]));
    }
    optimizer.stateInto(optimizerState);
  }

  @Override
  public void restoreOptimizerState(Map<String, float[]> state) {
    optimizer.restore(state);
  }

  @Override
  public List<org.genimage.detectors.TrainingGraphBuilder.RandomMask> randomMasks() {
    return graph.builder.randomMasks();
  }

  @Override
  public void profiling(boolean on) {
    full.profiling(on);
  }

  @Override
  public Map<String, long[]> profile() {
    return full.profile();
  }

  @Override
  public String description() {
    return full.description();
  }

  /**
   * The full-batch plan (its kernels and profile).
   *
   * @return the plan
   */
  TrainingPlan plan() {
    return full;
  }

  @Override
  public void close() {
    closeAll(other, full, optimizer, grads, params);
    eng.close();
  }

  private static void closeAll(AutoCloseable... cs) {
    for (AutoCloseable c : cs) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }
}
