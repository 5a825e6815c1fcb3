package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.genimage.api.Precision;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/**
 * {@code alpha * op(a) op(b) (+ bias)} over the last two axes, batch axes broadcast as numpy's {@code matmul};
 * {@code op} transposes when asked. oneDNN's matmul reads transposed and sliced operands through their strides, so
 * transposes and the heads of attention cost no copies.
 *
 * @param transA whether {@code a} is transposed
 * @param transB whether {@code b} is transposed
 * @param alpha  the scale
 * @param post   an element-wise function applied to the result as a post-op (inference plans: GELU after the
 *               first linear layer of a transformer's MLP), or null
 *
 * <p>In a bf16 plan ({@link Lowering#inBf16}) both operands are read in bf16 (constant weights reordered once into
 * the layout the kernel prefers, activations converted dense unless they already lie in bf16) and the product is
 * accumulated in fp32; the result is bf16 when every reader is another bf16 product (an MLP's hidden layer), else
 * fp32. Without a native bf16 kernel the product stays fp32.
 */
record MatMul(boolean transA, boolean transB, float alpha, Eltwise.Fn post) implements Op {
  MatMul(boolean transA, boolean transB, float alpha) {
    this(transA, transB, alpha, null);
  }
  static Value apply(Graph g, Value a, Value b, Value bias, boolean ta, boolean tb, float alpha) {
    if (a.rank() < 2 || b.rank() < 2) {
      throw new UnsupportedGraphException("matrix product of " + a + " and " + b);
    }
    long m = a.shape[a.rank() - (ta ? 1 : 2)];
    long k = a.shape[a.rank() - (ta ? 2 : 1)];
    long kb = b.shape[b.rank() - (tb ? 1 : 2)];
    long n = b.shape[b.rank() - (tb ? 2 : 1)];
    if (k != kb) {
      throw new UnsupportedGraphException("matrix product of " + a + " and " + b + " (transposed " + ta + ", " + tb
          + ")");
    }
    long[] batch = Shapes.broadcast(Arrays.copyOf(a.shape, a.rank() - 2), Arrays.copyOf(b.shape, b.rank() - 2));
    long[] out = Arrays.copyOf(batch, batch.length + 2);
    out[batch.length] = m;
    out[batch.length + 1] = n;
    List<Value> in = bias == null ? List.of(a, b) : List.of(a, b, bias);
    return g.add1(new MatMul(ta, tb, alpha), in, out);
  }

  @Override
  public String describe() {
    return post == null ? "matmul" : "matmul-" + post.name();
  }

  /** An operand's layout as oneDNN's matmul reads it: rank {@code r}, transposed if asked. */
  private static Layout operand(Lowering l, Lowering.Operand o, int r, boolean transpose) {
    long[] dims = o.layout().dims();
    long[] strides = o.layout().strides();
    long[] d = new long[r];
    long[] s = new long[r];
    int pad = r - dims.length;
    for (int i = 0; i < r; i++) {
      d[i] = i < pad ? 1 : dims[i - pad];
      s[i] = i < pad ? 0 : strides[i - pad];
    }
    for (int i = 0; i < pad; i++) {
      s[i] = d[pad] * Math.max(s[pad], 1);
    }
    if (transpose) {
      swap(d, r - 2, r - 1);
      swap(s, r - 2, r - 1);
    }
    return l.strided(d, s);
  }

  private static void swap(long[] a, int i, int j) {
    long t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  @Override
  public void lower(Node n, Lowering l) {
    if (l.inBf16(n) && lowerBf16(n, l)) {
      return;
    }
    if (!tryLower(n, l, false)) {
      tryLower(n, l, true);
    }
  }

  /** An operand of the bf16 product: where it lies, its layout as the product reads it, and whether to copy it. */
  private record Bf16Input(Lowering.Operand from, Layout read, boolean copy) {}

  private static Bf16Input bf16Input(Lowering l, Value v, int r, boolean transpose) {
    Lowering.Operand b = l.lowOnly(v);
    if (b != null && b.layout().plain()) {
      Layout f = operand(l, b, r, transpose);
      return new Bf16Input(b, new Layout(f.dims(), f.strides(), l.withType(f.desc(), memory.data_type.bf16)), false);
    }
    Lowering.Operand f32 = l.plain(v);
    Layout f = operand(l, f32, r, transpose);
    Layout dense = l.strided(f.dims(), Shapes.denseStrides(f.dims()));
    return new Bf16Input(new Lowering.Operand(f32.storage(), f32.offset(), f),
        new Layout(dense.dims(), dense.strides(), l.withType(dense.desc(), memory.data_type.bf16)), true);
  }

  /** The operand in the layout the primitive reads: itself, or a bf16 copy made by a step here. */
  private static Lowering.Operand place(Lowering l, Bf16Input in) {
    if (!in.copy()) {
      return new Lowering.Operand(in.from().storage(), in.from().offset(), in.read());
    }
    Lowering.Operand copy = l.temp(in.read());
    l.reorder(in.from(), copy);
    return copy;
  }

  /** Lowers in bf16; false (nothing emitted but operand copies) when oneDNN has no native bf16 kernel for it. */
  private boolean lowerBf16(Node n, Lowering l) {
    Value y = n.out();
    int r = y.rank();
    Value bv = n.in(1);
    Bf16Input a = bf16Input(l, n.in(0), r, transA);
    // Constant weights: any layout, so the kernel picks its blocked one; reordered once when the plan is bound.
    Bf16Input b = bv.isConstant() ? null : bf16Input(l, bv, r, transB);
    Lowering.Operand bf32 = bv.isConstant() ? l.plain(bv) : null;
    Layout lb32 = bv.isConstant() ? operand(l, bf32, r, transB) : null;
    memory.desc bDesc = b != null ? b.read().desc() : l.any(lb32.dims(), memory.data_type.bf16);
    boolean lowOut = !y.consumers.isEmpty() && y.consumers.stream().allMatch(c -> c.op instanceof MatMul
        && c.inputs.lastIndexOf(y) == 0 && l.inBf16(c));
    Layout ly = l.plainLayout(y.shape);
    if (lowOut) {
      ly = new Layout(ly.dims(), ly.strides(), l.withType(ly.desc(), memory.data_type.bf16));
    }
    Lowering.Operand bias = n.inputs.size() > 2 ? l.dense(n.in(2)) : null;
    Layout lbias = null;
    if (bias != null) {
      long[] dims = Shapes.padLeft(n.in(2).shape, r);
      lbias = l.strided(dims, Shapes.denseStrides(dims));
    }
    primitive_attr attr = l.attr();
    if (alpha != 1f) {
      attr.set_output_scales(0, new float[] {alpha});
    }
    if (post != null) {
      post_ops po = l.resources().own(new post_ops());
      po.append_eltwise(1f, post.alg(), post.alpha(), post.beta());
      attr.set_post_ops(po);
    }
    matmul.primitive_desc pd;
    try {
      pd = l.resources().own(new matmul.primitive_desc(lbias == null
          ? new matmul.desc(a.read().desc(), bDesc, ly.desc())
          : new matmul.desc(a.read().desc(), bDesc, lbias.desc(), ly.desc()), attr, l.engine()));
    } catch (RuntimeException e) {
      return false;
    }
    if (!NativeSupport.isNative(Precision.BF16, pd)) {
      return false;
    }
    l.count("matmul", pd);
    Lowering.Operand src = place(l, a);
    Lowering.Operand wts = b != null ? place(l, b)
        : l.as(bv, new Lowering.Operand(bf32.storage(), bf32.offset(), lb32), pd.weights_desc());
    Lowering.Operand dst = l.define(y, ly);
    matmul p = l.resources().own(new matmul(pd));
    List<Object> args = new ArrayList<>(List.of(dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_WEIGHTS, wts,
        dnnl.DNNL_ARG_DST, dst));
    if (bias != null) {
      args.add(dnnl.DNNL_ARG_BIAS);
      args.add(new Lowering.Operand(bias.storage(), bias.offset(), lbias));
    }
    l.exec("matmul", p, l.withScratchpad(pd, args.toArray()));
    return true;
  }

  /** Lowers reading operands as they lie, or densified; false when that gave only the reference kernel. */
  private boolean tryLower(Node n, Lowering l, boolean densify) {
    Value y = n.out();
    int r = y.rank();
    Lowering.Operand a = plain(l, n.in(0), densify);
    Lowering.Operand b = plain(l, n.in(1), densify);
    Layout la = operand(l, a, r, transA);
    Layout lb = operand(l, b, r, transB);
    Layout ly = l.plainLayout(y.shape);
    Lowering.Operand bias = n.inputs.size() > 2 ? l.dense(n.in(2)) : null;
    Layout lbias = null;
    if (bias != null) {
      long[] dims = Shapes.padLeft(n.in(2).shape, r);
      lbias = l.strided(dims, Shapes.denseStrides(dims));
    }
    primitive_attr attr = l.attr();
    if (alpha != 1f) {
      attr.set_output_scales(0, new float[] {alpha});
    }
    if (post != null) {
      post_ops po = l.resources().own(new post_ops());
      po.append_eltwise(1f, post.alg(), post.alpha(), post.beta());
      attr.set_post_ops(po);
    }
    memory.desc biasDesc = lbias == null ? null : lbias.desc();
    matmul.primitive_desc pd = l.resources().own(new matmul.primitive_desc(biasDesc == null
        ? new matmul.desc(la.desc(), lb.desc(), ly.desc())
        : new matmul.desc(la.desc(), lb.desc(), biasDesc, ly.desc()), attr, l.engine()));
    if (!densify && Kernels.isReference(pd)) {
      return false;
    }
    l.count("matmul", pd);
    Lowering.Operand src = new Lowering.Operand(a.storage(), a.offset(), la);
    Lowering.Operand wts = new Lowering.Operand(b.storage(), b.offset(), lb);
    Lowering.Operand dst = l.define(y, ly);
    matmul p = l.resources().own(new matmul(pd));
    List<Object> args = new ArrayList<>(List.of(dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_WEIGHTS, wts,
        dnnl.DNNL_ARG_DST, dst));
    if (bias != null) {
      args.add(dnnl.DNNL_ARG_BIAS);
      args.add(new Lowering.Operand(bias.storage(), bias.offset(), lbias));
    }
    l.exec("matmul", p, l.withScratchpad(pd, args.toArray()));
    return true;
  }

  private static Lowering.Operand plain(Lowering l, Value v, boolean densify) {
    return densify ? l.dense(v) : l.plain(v);
  }

  @Override
  public void differentiate(Node n, List<Value> grads, Autodiff ad) {
    if (post != null) {
      throw new UnsupportedGraphException("a matrix product with a fused post-op is not differentiated");
    }
    Graph g = ad.graph();
    Value gy = grads.get(0);
    Value a = n.in(0);
    Value b = n.in(1);
    if (a.requiresGrad) {
      Value ga = transA ? apply(g, b, gy, null, transB, true, alpha) : apply(g, gy, b, null, false, !transB, alpha);
      ad.accumulate(a, SumTo.apply(g, ga, a.shape));
    }
    if (b.requiresGrad) {
      Value gb = transB ? apply(g, gy, a, null, true, transA, alpha) : apply(g, a, gy, null, !transA, false, alpha);
      ad.accumulate(b, SumTo.apply(g, gb, b.shape));
    }
    if (n.inputs.size() > 2) {
      ad.accumulate(n.in(2), SumTo.apply(g, gy, n.in(2).shape));
    }
  }
}
