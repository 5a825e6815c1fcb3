package org.genimage.detectors.onednn.training;

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
      l.host(describe(), List.of(a, b), y, in -> {
        float[] out = new float[ia.length];
        for (int i = 0; i < out.length; i++) {
          float v = kind.apply(in[0][ia[i]], in[1][ib[i]]);
          out[i] = relu ? Math.max(v, 0f) : v;
        }
        return out;
      });
      return;
    }
    Value full = aFull ? a : b;
    Value other = aFull ? b : a;
    Lowering.Operand src0 = l.get(full);
    Lowering.Operand src1;
    if (Arrays.equals(other.shape, y.shape)) {
      src1 = l.as(other, src0.desc());
    } else {
      Lowering.Operand d = l.dense(other);
      long[] dims = Shapes.padLeft(other.shape, y.rank());
      src1 = new Lowering.Operand(d.storage(), d.offset(), l.strided(dims, Shapes.denseStrides(dims)));
    }
    primitive_attr attr = l.resources().own(new primitive_attr());
    if (relu) {
      post_ops po = l.resources().own(new post_ops());
      po.append_eltwise(1f, dnnl.algorithm.eltwise_relu, 0f, 0f);
      attr.set_post_ops(po);
    }
    memory.desc d0 = src0.desc();
    binary.primitive_desc pd = l.resources().own(new binary.primitive_desc(new binary.desc(kind.alg, d0,
        src1.desc(), d0), attr, l.engine()));
    l.count("binary", pd);
    Lowering.Operand dst = l.defineInPlace(y, d0, full);
    binary p = l.resources().own(new binary(pd));
    l.exec("binary", p, dnnl.DNNL_ARG_SRC_0, src0, dnnl.DNNL_ARG_SRC_1, src1, dnnl.DNNL_ARG_DST, dst);
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
