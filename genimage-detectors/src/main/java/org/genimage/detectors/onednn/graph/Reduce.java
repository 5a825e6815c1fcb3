package org.genimage.detectors.onednn.graph;

import java.util.Arrays;
import java.util.List;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.reduction;

/**
 * Sum, mean or maximum over some axes, keeping them as length 1 or dropping them: oneDNN's reduction primitive,
 * Java loops for small tensors.
 *
 * @param kind     the reduction
 * @param axes     the reduced axes (non-negative, ascending)
 * @param keepDims whether the reduced axes stay as length 1
 */
record Reduce(Kind kind, int[] axes, boolean keepDims) implements Op {
  /** The reductions. */
  enum Kind {
    SUM(dnnl.algorithm.reduction_sum),
    MEAN(dnnl.algorithm.reduction_mean),
    MAX(dnnl.algorithm.reduction_max);

    final dnnl.algorithm alg;

    Kind(dnnl.algorithm alg) {
      this.alg = alg;
    }
  }

  static Value apply(Graph g, Kind kind, Value x, int[] axes, boolean keepDims) {
    int[] a = axes.clone();
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.floorMod(a[i], Math.max(x.rank(), 1));
    }
    Arrays.sort(a);
    return g.add1(new Reduce(kind, a, keepDims), List.of(x), shapeOf(x.shape, a, keepDims));
  }

  static long[] keptShape(long[] shape, int[] axes) {
    long[] k = shape.clone();
    for (int a : axes) {
      k[a] = 1;
    }
    return k;
  }

  private static long[] shapeOf(long[] shape, int[] axes, boolean keep) {
    long[] k = keptShape(shape, axes);
    if (keep) {
      return k;
    }
    long[] out = new long[shape.length - axes.length];
    int j = 0;
    for (int i = 0; i < shape.length; i++) {
      if (Arrays.binarySearch(axes, i) < 0) {
        out[j++] = shape[i];
      }
    }
    return out;
  }

  @Override
  public String describe() {
    return "reduce-" + kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void lower(Node n, Lowering l) {
    lowerReduction(n, l, kind, n.in(0), keptShape(n.in(0).shape, axes));
  }

  /**
   * Reduces {@code x} to {@code kept} (x's rank, ones where reduced) into {@code n}'s output.
   */
  static void lowerReduction(Node n, Lowering l, Kind kind, Value x, long[] kept) {
    Value y = n.out();
    if (x.elements() < Binary.HOST_LIMIT * 4) {
      int[] idx = HostMath.broadcastIndex(kept, x.shape);
      int outCount = (int) Shapes.elements(kept);
      long count = x.elements() / Math.max(outCount, 1);
      double[] acc = new double[outCount];
      l.host("reduce", List.of(x), y, (in, out) -> {
        Arrays.fill(acc, kind == Kind.MAX ? Double.NEGATIVE_INFINITY : 0.0);
        for (int i = 0; i < idx.length; i++) {
          acc[idx[i]] = kind == Kind.MAX ? Math.max(acc[idx[i]], in[0][i]) : acc[idx[i]] + in[0][i];
        }
        for (int i = 0; i < outCount; i++) {
          out[i] = (float) (kind == Kind.MEAN ? acc[i] / count : acc[i]);
        }
      });
      return;
    }
    if (kind == Kind.SUM && sumLeadingByMatmul(n, l, x, kept)) {
      return;
    }
    Lowering.Operand src = l.get(x);
    Layout dstLayout = l.plainLayout(kept);
    reduction.primitive_desc pd = l.resources().own(new reduction.primitive_desc(new reduction.desc(kind.alg,
        src.desc(), dstLayout.desc(), 0f, 0f), l.attr(), l.engine()));
    l.count("reduction", pd);
    Lowering.Operand tmp = l.temp(dstLayout);
    reduction p = l.resources().own(new reduction(pd));
    l.exec("reduction", p, l.withScratchpad(pd, dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_DST, tmp));
    l.defineView(y, tmp, l.plainLayout(y.shape), 0);
  }

  /**
   * A sum over leading axes ({@code [r, c] -> [1, c]} after flattening) as the product {@code ones[1, r] x[r, c]}:
   * oneDNN 2.5's reduction primitive has only its reference kernel for it (a bias gradient of a transformer took
   * a quarter of a training step), the matmul kernels are fast.
   *
   * @return false when {@code x} is not a plain tensor summed over a leading prefix of its axes
   */
  private static boolean sumLeadingByMatmul(Node n, Lowering l, Value x, long[] kept) {
    int split = 0;
    while (split < kept.length && kept[split] == 1) {
      split++;
    }
    for (int i = split; i < kept.length; i++) {
      if (kept[i] != x.shape[i]) {
        return false;
      }
    }
    long rows = 1;
    for (int i = 0; i < split; i++) {
      rows *= x.shape[i];
    }
    long cols = x.elements() / Math.max(rows, 1);
    Lowering.Operand src = l.get(x);
    if (rows < 2 || !src.layout().plain()) {
      return false;
    }
    long[] strides = Shapes.reshapeStrides(src.layout().dims(), src.layout().strides(), new long[] {rows, cols});
    if (strides == null) {
      src = l.dense(x);
      strides = Shapes.denseStrides(new long[] {rows, cols});
    }
    float[] ones = new float[Math.toIntExact(rows)];
    java.util.Arrays.fill(ones, 1f);
    Lowering.Operand a = l.constant(new long[] {1, rows}, ones);
    Lowering.Operand b = new Lowering.Operand(src.storage(), src.offset(), l.strided(new long[] {rows, cols}, strides));
    Layout out = l.plainLayout(new long[] {1, cols});
    matmul.primitive_desc pd = l.resources().own(new matmul.primitive_desc(new matmul.desc(a.desc(), b.desc(),
        out.desc()), l.attr(), l.engine()));
    l.count("matmul (sum)", pd);
    Lowering.Operand tmp = l.temp(out);
    matmul p = l.resources().own(new matmul(pd));
    l.exec("matmul (sum)", p, l.withScratchpad(pd, dnnl.DNNL_ARG_SRC, a, dnnl.DNNL_ARG_WEIGHTS, b,
        dnnl.DNNL_ARG_DST, tmp));
    l.defineView(n.out(), tmp, l.plainLayout(n.out().shape), 0);
    return true;
  }

  @Override
  public void differentiate(Node n, List<Value> grads, Autodiff ad) {
    Graph g = ad.graph();
    Value x = n.in(0);
    long[] kept = keptShape(x.shape, axes);
    Value gk = Reshape.apply(g, grads.get(0), kept);
    switch (kind) {
      case SUM -> ad.accumulate(x, Broadcast.apply(g, gk, x.shape, 1f));
      case MEAN -> ad.accumulate(x, Broadcast.apply(g, gk, x.shape,
          (float) ((double) Shapes.elements(kept) / x.elements())));
      case MAX -> ad.accumulate(x, g.add1(new MaxBackward(), List.of(x, Reshape.apply(g, n.out(), kept), gk),
          x.shape));
      default -> throw new IllegalStateException(kind.toString());
    }
  }

  /** {@code (x, max kept, g kept) -> g where x equals its maximum, else 0}. */
  record MaxBackward() implements BackwardOp {
    @Override
    public String describe() {
      return "reduce-max-backward";
    }

    @Override
    public void lower(Node n, Lowering l) {
      Value x = n.in(0);
      int[] idx = HostMath.broadcastIndex(n.in(1).shape, x.shape);
      l.host(describe(), n.inputs, n.out(), (in, out) -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = in[0][i] == in[1][idx[i]] ? in[2][idx[i]] : 0f;
        }
      });
    }
  }
}
