package org.genimage.detectors.onednn.graph;

import java.util.Arrays;
import java.util.List;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;

/**
 * An element-wise binary operation with numpy broadcasting, optionally followed by a ReLU (the residual add of a
 * ResNet block). oneDNN's binary primitive when the first operand (or, for add and multiply, either) has the
 * output's shape; Java loops for small tensors and other broadcasts.
 *
 * @param kind the operation
 * @param relu whether a ReLU follows
 */
record Binary(Kind kind, boolean relu) implements Op {
  /** Below this many output elements the loops run in Java. */
  static final long HOST_LIMIT = 4096;

  /** The operations. */
  enum Kind {
    ADD(dnnl.algorithm.binary_add, true),
    SUB(dnnl.algorithm.binary_sub, false),
    MUL(dnnl.algorithm.binary_mul, true),
    DIV(dnnl.algorithm.binary_div, false);

    final dnnl.algorithm alg;
    final boolean commutative;

    Kind(dnnl.algorithm alg, boolean commutative) {
      this.alg = alg;
      this.commutative = commutative;
    }

    float apply(float a, float b) {
      return switch (this) {
        case ADD -> a + b;
        case SUB -> a - b;
        case MUL -> a * b;
        case DIV -> a / b;
      };
    }
  }

  static Value apply(Graph g, Kind kind, Value a, Value b) {
    return g.add1(new Binary(kind, false), List.of(a, b), Shapes.broadcast(a.shape, b.shape));
  }

  static Value applyRelu(Graph g, Kind kind, Value a, Value b) {
    return g.add1(new Binary(kind, true), List.of(a, b), Shapes.broadcast(a.shape, b.shape));
  }

  @Override
  public String describe() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + (relu ? "-relu" : "");
  }

  @Override
  public void lower(Node n, Lowering l) {
    Value a = n.in(0);
    Value b = n.in(1);
    Value y = n.out();
    boolean aFull = Arrays.equals(a.shape, y.shape);
    boolean bFull = Arrays.equals(b.shape, y.shape);
    if (y.elements() < HOST_LIMIT || !(aFull || (kind.commutative && bFull))) {
      long[] as = a.shape;
      long[] bs = b.shape;
      long[] ys = y.shape;
      int[] ia = HostMath.broadcastIndex(as, ys);
      int[] ib = HostMath.broadcastIndex(bs, ys);
      l.host(describe(), List.of(a, b), y, (in, out) -> {
        for (int i = 0; i < out.length; i++) {
          float v = kind.apply(in[0][ia[i]], in[1][ib[i]]);
          out[i] = relu ? Math.max(v, 0f) : v;
        }
      });
      return;
    }
    Value full = aFull ? a : b;
    Value other = aFull ? b : a;
    if (perSample(other.shape, y.shape)) {
      lowerPerSample(n, l, full, other);
      return;
    }
    if (!Arrays.equals(other.shape, y.shape) && lowerAsRows(n, l, full, other)) {
      return;
    }
    Lowering.Operand src0 = l.compact(full);
    Lowering.Operand src1;
    if (Arrays.equals(other.shape, y.shape)) {
      src1 = l.as(other, src0.desc());
    } else {
      Lowering.Operand d = l.dense(other);
      long[] dims = Shapes.padLeft(other.shape, y.rank());
      src1 = new Lowering.Operand(d.storage(), d.offset(), l.strided(dims, Shapes.denseStrides(dims)));
    }
    primitive_attr attr = attr(l);
    memory.desc d0 = src0.desc();
    binary.primitive_desc pd = l.resources().own(new binary.primitive_desc(new binary.desc(kind.alg, d0,
        src1.desc(), d0), attr, l.engine()));
    l.count("binary", pd);
    Lowering.Operand dst = l.defineInPlace(y, d0, full);
    binary p = l.resources().own(new binary(pd));
    l.exec("binary", p, l.withScratchpad(pd, dnnl.DNNL_ARG_SRC_0, src0, dnnl.DNNL_ARG_SRC_1, src1,
        dnnl.DNNL_ARG_DST, dst));
  }

  /**
   * A second operand broadcast only along leading axes ({@code [1, ..., 1, d_k, ..., d_r]}; a constant broadcast
   * along other axes too, such as Swin's shift mask {@code [1, nW, 1, N, N]}, is first expanded at compile time):
   * the operation on {@code [rows, columns]} with a {@code [1, columns]} row, a broadcast oneDNN 2.5 has a JIT
   * kernel for (it runs the reference kernel on the original shapes: 0.4 s of a Swin-T step at batch 16).
   *
   * @return false when the operands do not fit, or the first is not dense
   */
  private boolean lowerAsRows(Node n, Lowering l, Value full, Value other) {
    Value y = n.out();
    long[] b = Shapes.padLeft(other.shape, y.rank());
    int lead = 0;
    while (lead < b.length && b[lead] == 1) {
      lead++;
    }
    boolean trailingFull = true;
    for (int i = lead; i < b.length; i++) {
      trailingFull &= b[i] == y.shape[i];
    }
    if (lead == 0 || (!trailingFull && !other.isConstant())) {
      return false;
    }
    Lowering.Operand src0 = l.get(full);
    if (!src0.layout().dense()) {
      return false;
    }
    long columns = 1;
    for (int i = lead; i < b.length; i++) {
      columns *= y.shape[i];
    }
    long rows = y.elements() / columns;
    Lowering.Operand row;
    if (trailingFull) {
      Lowering.Operand d = l.dense(other);
      row = new Lowering.Operand(d.storage(), d.offset(), l.plainLayout(new long[] {1, columns}));
    } else {
      long[] expanded = y.shape.clone();
      for (int i = 0; i < lead; i++) {
        expanded[i] = 1;
      }
      row = l.constant(new long[] {1, columns}, HostMath.broadcast(other.constant, other.shape, expanded, 1f));
    }
    Layout matrix = l.plainLayout(new long[] {rows, columns});
    primitive_attr attr = attr(l);
    binary.primitive_desc pd = l.resources().own(new binary.primitive_desc(new binary.desc(kind.alg, matrix.desc(),
        row.desc(), matrix.desc()), attr, l.engine()));
    l.count("binary (rows)", pd);
    Lowering.Operand dst = l.defineInPlace(y, src0.desc(), full);
    binary p = l.resources().own(new binary(pd));
    l.exec("binary", p, l.withScratchpad(pd, dnnl.DNNL_ARG_SRC_0,
        new Lowering.Operand(src0.storage(), src0.offset(), matrix), dnnl.DNNL_ARG_SRC_1, row, dnnl.DNNL_ARG_DST,
        new Lowering.Operand(dst.storage(), dst.offset(), matrix)));
    return true;
  }

  /** Whether {@code b} is one value per sample ({@code [n, 1, ..., 1]}) of a larger tensor. */
  private static boolean perSample(long[] b, long[] y) {
    if (b.length != y.length || y.length < 2 || b[0] != y[0] || y[0] == 1) {
      return false;
    }
    for (int i = 1; i < b.length; i++) {
      if (b[i] != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * One value per sample (a stochastic-depth mask): a binary primitive per sample with a scalar second operand.
   * oneDNN 2.5 has only its reference kernel for the {@code [n, 1, 1]} broadcast (1.3 s of a DeiT-S step at batch
   * 16); each per-sample call gets the JIT kernel.
   */
  private void lowerPerSample(Node n, Lowering l, Value full, Value other) {
    Lowering.Operand x = l.dense(full);
    Lowering.Operand m = l.dense(other);
    Value y = n.out();
    long per = y.elements() / y.shape[0];
    long[] dims = {1, per};
    Layout sample = l.strided(dims, Shapes.denseStrides(dims));
    Layout scalar = l.strided(new long[] {1, 1}, new long[] {1, 1});
    primitive_attr attr = attr(l);
    binary.primitive_desc pd = l.resources().own(new binary.primitive_desc(new binary.desc(kind.alg, sample.desc(),
        scalar.desc(), sample.desc()), attr, l.engine()));
    l.count("binary (per sample)", pd);
    binary p = l.resources().own(new binary(pd));
    Lowering.Operand dst = l.defineInPlace(y, l.plainLayout(y.shape).desc(), full);
    for (long i = 0; i < y.shape[0]; i++) {
      long off = i * per * Float.BYTES;
      l.exec("binary", p, l.withScratchpad(pd,
          dnnl.DNNL_ARG_SRC_0, new Lowering.Operand(x.storage(), x.offset() + off, sample),
          dnnl.DNNL_ARG_SRC_1, new Lowering.Operand(m.storage(), m.offset() + i * Float.BYTES, scalar),
          dnnl.DNNL_ARG_DST, new Lowering.Operand(dst.storage(), dst.offset() + off, sample)));
    }
  }

  /** The primitive's attributes: a ReLU post-op when fused. */
  private primitive_attr attr(Lowering l) {
    primitive_attr attr = l.attr();
    if (relu) {
      post_ops po = l.resources().own(new post_ops());
      po.append_eltwise(1f, dnnl.algorithm.eltwise_relu, 0f, 0f);
      attr.set_post_ops(po);
    }
    return attr;
  }

  @Override
  public void differentiate(Node n, List<Value> grads, Autodiff ad) {
    Graph g = ad.graph();
    Value gy = grads.get(0);
    Value a = n.in(0);
    Value b = n.in(1);
    if (relu) {
      gy = Eltwise.backward(g, Eltwise.Fn.RELU, gy, n.out());
    }
    switch (kind) {
      case ADD -> {
        ad.accumulate(a, SumTo.apply(g, gy, a.shape));
        ad.accumulate(b, SumTo.apply(g, gy, b.shape));
      }
      case SUB -> {
        ad.accumulate(a, SumTo.apply(g, gy, a.shape));
        if (b.requiresGrad) {
          ad.accumulate(b, SumTo.apply(g, Eltwise.apply(g, Eltwise.Fn.linear(-1, 0), gy), b.shape));
        }
      }
      case MUL -> {
        if (a.requiresGrad) {
          ad.accumulate(a, SumTo.apply(g, apply(g, Kind.MUL, gy, b), a.shape));
        }
        if (b.requiresGrad) {
          ad.accumulate(b, SumTo.apply(g, apply(g, Kind.MUL, gy, a), b.shape));
        }
      }
      case DIV -> {
        if (a.requiresGrad) {
          ad.accumulate(a, SumTo.apply(g, apply(g, Kind.DIV, gy, b), a.shape));
        }
        if (b.requiresGrad) {
          // d(a/b)/db = -a/b^2 = -y/b
          Value t = apply(g, Kind.DIV, apply(g, Kind.MUL, gy, n.out()), b);
          ad.accumulate(b, SumTo.apply(g, Eltwise.apply(g, Eltwise.Fn.linear(-1, 0), t), b.shape));
        }
      }
      default -> throw new IllegalStateException(kind.toString());
    }
  }
}
