package org.genimage.detectors.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Training steps on SameDiff's executor and autodiff: what runs on ND4J's CUDA backend, and where the oneDNN
 * plan cannot be used. Every array a step creates (feeds, outputs, gradients, temporaries of the update) is closed
 * and SameDiff's sessions are dropped before the next step; the optimiser keeps one state array per parameter.
 */
final class SameDiffTrainingEngine implements TrainingEngine {
  private final TrainingGraph graph;
  private final OptimizerConfig config;
  private final Predicate<String> noDecay;
  private final Map<String, INDArray> first = new HashMap<>();
  private final Map<String, INDArray> second = new HashMap<>();
  private final List<String> outputs = new ArrayList<>();
  private final String why;
  private final OpTimer timer = new OpTimer();
  private Map<String, float[]> statistics = Map.of();

  SameDiffTrainingEngine(Architecture architecture, Map<String, NamedTensor> weights, OptimizerConfig config,
      Predicate<String> noDecay, String why) {
    this.why = why;
    this.graph = new TrainingGraph(architecture, weights);
    this.config = config;
    this.noDecay = noDecay;
    outputs.add(TrainingGraph.LOSS);
    outputs.addAll(graph.statistics().values());
  }

  private Map<String, INDArray> feed(TrainingBatch b) {
    Map<String, INDArray> f = new HashMap<>();
    f.put(TrainingGraph.INPUT, array(TrainingGraph.INPUT, b.input(), b.size()));
    f.put(TrainingGraph.LABEL, array(TrainingGraph.LABEL, b.labels(), b.size()));
    b.masks().forEach((name, v) -> f.put(name, array(name, v, b.size())));
    return f;
  }

  private INDArray array(String placeholder, float[] values, int n) {
    long[] shape = graph.sd.getVariable(placeholder).getShape().clone();
    shape[0] = n;
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    return Nd4j.create(java.util.Arrays.copyOf(values, (int) count), shape, 'c');
  }

  @Override
  public double step(TrainingBatch batch, double lr, long step) {
    Map<String, INDArray> f = feed(batch);
    OutAndGrad r = graph.sd.calculateGradientsAndOutputs(f, outputs, graph.params);
    double loss = r.getOutputs().get(TrainingGraph.LOSS).getDouble(0);
    keepStatistics(r.getOutputs());
    for (String p : graph.params) {
      update(p, graph.sd.getArrForVarName(p), r.getGradients().get(p), lr, step, !noDecay.test(p));
    }
    close(r.getOutputs());
    close(r.getGradients());
    close(f);
    releaseSessions();
    return loss;
  }

  /**
   * Drops SameDiff's sessions (of the graph and of its gradient function): each keeps a cache of freed arrays for
   * reuse and a set of every freed array's id that it never clears, which grew a batch-2 ResNet-50 run to 10 GB.
   * A new session per step costs a few milliseconds against seconds of SameDiff work.
   */
  private void releaseSessions() {
    graph.sd.getSessions().clear();
    org.nd4j.autodiff.samediff.SameDiff grad = graph.sd.getFunction("grad");
    if (grad != null) {
      grad.getSessions().clear();
    }
  }

  @Override
  public void forward(TrainingBatch batch) {
    Map<String, INDArray> f = feed(batch);
    Map<String, INDArray> out = graph.sd.output(f, graph.statistics().values().toArray(new String[0]));
    keepStatistics(out);
    close(out);
    close(f);
    releaseSessions();
  }

  private void keepStatistics(Map<String, INDArray> out) {
    Map<String, float[]> s = new LinkedHashMap<>();
    graph.statistics().forEach((buffer, variable) -> s.put(buffer, out.get(variable).data().asFloat()));
    statistics = s;
  }

  private static void close(Map<String, INDArray> arrays) {
    for (INDArray a : arrays.values()) {
      if (a != null && a.closeable()) {
        a.close();
      }
    }
  }

  private void update(String p, INDArray param, INDArray grad, double lr, long step, boolean decay) {
    List<INDArray> temps = new ArrayList<>();
    INDArray g = grad;
    if (decay && config.weightDecay() > 0 && config.kind() != OptimizerConfig.Kind.ADAMW) {
      g = temp(temps, grad.add(temp(temps, param.mul(config.weightDecay()))));
    }
    switch (config.kind()) {
      case SGD -> {
        INDArray buf = first.computeIfAbsent(p, x -> Nd4j.zeros(param.dataType(), param.shape()));
        buf.muli(config.momentum()).addi(g);
        param.subi(temp(temps, buf.mul(lr)));
      }
      case ADAM, ADAMW -> {
        if (decay && config.kind() == OptimizerConfig.Kind.ADAMW && config.weightDecay() > 0) {
          param.muli(1 - lr * config.weightDecay());
        }
        INDArray m = first.computeIfAbsent(p, x -> Nd4j.zeros(param.dataType(), param.shape()));
        INDArray v = second.computeIfAbsent(p, x -> Nd4j.zeros(param.dataType(), param.shape()));
        m.muli(config.beta1()).addi(temp(temps, g.mul(1 - config.beta1())));
        v.muli(config.beta2()).addi(temp(temps, temp(temps, g.mul(g)).muli(1 - config.beta2())));
        double bc1 = 1 - Math.pow(config.beta1(), step);
        double bc2 = 1 - Math.pow(config.beta2(), step);
        INDArray denom = temp(temps, Transforms.sqrt(v, true)).divi(Math.sqrt(bc2)).addi(config.epsilon());
        param.subi(temp(temps, m.div(denom)).muli(lr / bc1));
      }
      default -> throw new IllegalStateException(config.kind().toString());
    }
    temps.forEach(INDArray::close);
  }

  private static INDArray temp(List<INDArray> temps, INDArray a) {
    temps.add(a);
    return a;
  }

  @Override
  public Map<String, float[]> batchStatistics() {
    return statistics;
  }

  @Override
  public Map<String, float[]> parameters() {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String p : graph.params) {
      INDArray a = graph.sd.getArrForVarName(p);
      INDArray canonical = graph.builder.isConvLayout(p) ? a.permute(3, 2, 0, 1) : a;
      try (INDArray c = canonical.dup('c')) {
        out.put(p, c.data().asFloat());
      }
    }
    return out;
  }

  @Override
  public Map<String, float[]> optimizerState() {
    Map<String, float[]> out = new LinkedHashMap<>();
    first.forEach((k, a) -> out.put("m/" + k, canonical(k, a)));
    second.forEach((k, a) -> out.put("v/" + k, canonical(k, a)));
    return out;
  }

  private float[] canonical(String p, INDArray a) {
    INDArray c = graph.builder.isConvLayout(p) ? a.permute(3, 2, 0, 1) : a;
    try (INDArray d = c.dup('c')) {
      return d.data().asFloat();
    }
  }

  @Override
  public void restoreOptimizerState(Map<String, float[]> state) {
    state.forEach((k, values) -> {
      String p = k.substring(2);
      INDArray param = graph.sd.getArrForVarName(p);
      if (param == null || !(k.startsWith("m/") || k.startsWith("v/"))) {
        throw new IllegalArgumentException("optimiser state '" + k + "' names no parameter");
      }
      INDArray a;
      if (graph.builder.isConvLayout(p)) {
        long[] s = param.shape();
        a = Nd4j.create(values, new long[] {s[3], s[2], s[0], s[1]}, 'c').permute(2, 3, 1, 0).dup('c');
      } else {
        a = Nd4j.create(values, param.shape(), 'c');
      }
      (k.startsWith("m/") ? first : second).put(p, a);
    });
  }

  @Override
  public List<org.genimage.detectors.TrainingGraphBuilder.RandomMask> randomMasks() {
    return graph.builder.randomMasks();
  }

  @Override
  public void profiling(boolean on) {
    timer.byOp.clear();
    graph.sd.setListeners(on ? List.of(timer) : List.of());
  }

  @Override
  public Map<String, long[]> profile() {
    Map<String, long[]> copy = new java.util.TreeMap<>();
    timer.byOp.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  /** Wall time per op name between SameDiff's pre- and post-execution callbacks. */
  private static final class OpTimer extends org.nd4j.autodiff.listeners.BaseListener {
    private final Map<String, long[]> byOp = new HashMap<>();
    private long start;

    @Override
    public boolean isActive(org.nd4j.autodiff.listeners.Operation operation) {
      return true;
    }

    @Override
    public void preOpExecution(org.nd4j.autodiff.samediff.SameDiff sd, org.nd4j.autodiff.listeners.At at,
        org.nd4j.autodiff.samediff.internal.SameDiffOp op, org.nd4j.linalg.api.ops.OpContext ctx) {
      start = System.nanoTime();
    }

    @Override
    public void opExecution(org.nd4j.autodiff.samediff.SameDiff sd, org.nd4j.autodiff.listeners.At at,
        org.nd4j.linalg.dataset.api.MultiDataSet batch, org.nd4j.autodiff.samediff.internal.SameDiffOp op,
        org.nd4j.linalg.api.ops.OpContext ctx, INDArray[] outputs) {
      long[] v = byOp.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
      v[0] += System.nanoTime() - start;
      v[1]++;
    }
  }

  @Override
  public String description() {
    return "SameDiff (" + (Nd4j.getEnvironment().isCPU() ? "CPU" : "GPU") + "; " + why + ")";
  }

  @Override
  public void close() {
    close(first);
    close(second);
    for (SDVariable v : graph.sd.variableMap().values()) {
      if (v.getVariableType() == VariableType.VARIABLE || v.getVariableType() == VariableType.CONSTANT) {
        INDArray a = v.getArr();
        if (a != null && a.closeable()) {
          a.close();
        }
      }
    }
  }
}
