package org.genimage.detectors.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bytedeco.dnnl.engine;
import org.bytedeco.javacpp.FloatPointer;
import org.genimage.detectors.onednn.graph.ParameterArena;

/**
 * PyTorch's SGD (momentum, L2 weight decay), Adam (L2 decay) and AdamW (decoupled decay) over parameters and
 * gradients held in {@link ParameterArena}s, with the same float arithmetic as {@code torch.optim} (1.13, single
 * tensor): the update runs over the arenas in chunks, in parallel, with one state arena per moment. Parameters in
 * the no-decay group get none. Not thread-safe.
 */
final class FlatOptimizer implements AutoCloseable {
  private static final int CHUNK = 1 << 14;

  /** A contiguous run of one parameter's values. */
  private record Range(long offset, int count, boolean decay) {}

  private final OptimizerConfig config;
  private final ParameterArena params;
  private final ParameterArena grads;
  private final ParameterArena first;
  private final ParameterArena second;
  private final List<Range> ranges = new ArrayList<>();

  FlatOptimizer(engine eng, OptimizerConfig config, ParameterArena params, ParameterArena grads,
      Predicate<String> noDecay) {
    this.config = config;
    this.params = params;
    this.grads = grads;
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (ParameterArena.Slot s : params.slots()) {
      shapes.put(s.name(), s.shape());
      for (long at = 0; at < s.count(); at += CHUNK) {
        ranges.add(new Range(s.offset() + at, (int) Math.min(CHUNK, s.count() - at), !noDecay.test(s.name())));
      }
    }
    this.first = new ParameterArena(eng, shapes);
    this.second = config.kind() == OptimizerConfig.Kind.SGD ? null : new ParameterArena(eng, shapes);
  }

  /**
   * The optimiser's state tensors: {@code m/<name>} (momentum buffer or first moment) and, for Adam,
   * {@code v/<name>}.
   *
   * @return name to values
   */
  Map<String, float[]> state() {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ParameterArena.Slot s : first.slots()) {
      out.put("m/" + s.name(), first.get(s.name()));
    }
    if (second != null) {
      for (ParameterArena.Slot s : second.slots()) {
        out.put("v/" + s.name(), second.get(s.name()));
      }
    }
    return out;
  }

  /**
   * Copies the state into the caller's arrays (created on first use), as {@link #state()} names them.
   *
   * @param into name to array
   */
  void stateInto(Map<String, float[]> into) {
    copy(first, "m/", into);
    if (second != null) {
      copy(second, "v/", into);
    }
  }

  private static void copy(ParameterArena arena, String prefix, Map<String, float[]> into) {
    for (ParameterArena.Slot s : arena.slots()) {
      float[] a = into.computeIfAbsent(prefix + s.name(), k -> new float[Math.toIntExact(s.count())]);
      arena.get(s.name(), a);
    }
  }

  /**
   * Restores state saved by {@link #state()}; names absent stay zero.
   *
   * @param state name to values
   */
  void restore(Map<String, float[]> state) {
    state.forEach((k, v) -> {
      ParameterArena target = k.startsWith("m/") ? first : k.startsWith("v/") ? second : null;
      if (target == null || !target.contains(k.substring(2))) {
        throw new IllegalArgumentException("optimiser state '" + k + "' names no parameter");
      }
      target.put(k.substring(2), v);
    });
  }

  /**
   * One update from the gradients in the gradient arena.
   *
   * @param lr   the learning rate
   * @param step the update's number, from 1 (Adam's bias correction)
   */
  void step(double lr, long step) {
    FloatPointer p = params.all();
    FloatPointer g = grads.all();
    FloatPointer m = first.all();
    FloatPointer v = second == null ? null : second.all();
    ranges.parallelStream().forEach(r -> {
      float[][] buf = BUFFERS.get();
      int n = r.count;
      read(p, r, buf[0]);
      read(g, r, buf[1]);
      read(m, r, buf[2]);
      if (v != null) {
        read(v, r, buf[3]);
      }
      update(buf, n, lr, step, r.decay);
      write(p, r, buf[0]);
      write(m, r, buf[2]);
      if (v != null) {
        write(v, r, buf[3]);
      }
    });
  }

  private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[4][CHUNK]);

  private static void read(FloatPointer from, Range r, float[] to) {
    new FloatPointer(from).position(r.offset).get(to, 0, r.count);
  }

  private static void write(FloatPointer to, Range r, float[] from) {
    new FloatPointer(to).position(r.offset).put(from, 0, r.count);
  }

  private void update(float[][] b, int n, double lr, long step, boolean decay) {
    float[] p = b[0];
    float[] g = b[1];
    float[] m = b[2];
    float wd = decay ? (float) config.weightDecay() : 0f;
    switch (config.kind()) {
      case SGD -> {
        float mom = (float) config.momentum();
        float rate = (float) lr;
        for (int i = 0; i < n; i++) {
          float d = g[i] + wd * p[i];
          float buf = step == 1 ? d : mom * m[i] + d;
          m[i] = buf;
          p[i] -= rate * buf;
        }
      }
      case ADAM, ADAMW -> {
        float[] v = b[3];
        float b1 = (float) config.beta1();
        float b2 = (float) config.beta2();
        float eps = (float) config.epsilon();
        double bc1 = 1 - Math.pow(config.beta1(), step);
        double bc2 = Math.sqrt(1 - Math.pow(config.beta2(), step));
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) bc2;
        boolean decoupled = config.kind() == OptimizerConfig.Kind.ADAMW;
        float shrink = (float) (1 - lr * wd);
        for (int i = 0; i < n; i++) {
          float gi = decoupled ? g[i] : g[i] + wd * p[i];
          float pi = decoupled ? p[i] * shrink : p[i];
          m[i] = m[i] * b1 + (1 - b1) * gi;
          v[i] = v[i] * b2 + (1 - b2) * gi * gi;
          float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
          p[i] = pi - stepSize * (m[i] / denom);
        }
      }
      default -> throw new IllegalStateException(config.kind().toString());
    }
  }

  @Override
  public void close() {
    first.close();
    if (second != null) {
      second.close();
    }
  }
}
