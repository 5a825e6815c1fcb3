package org.genimage.detectors.onednn.graph;

import java.util.List;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.global.dnnl;

/**
 * Batch normalisation with batch statistics, as PyTorch's {@code train()} mode: {@code (x [n, c, ...], weight [c],
 * bias [c]) -> (y, batch mean [c], biased batch variance [c])}, optionally followed by a ReLU fused into the same
 * primitive (oneDNN keeps a bit mask for its backward). The statistics are outputs so the trainer can update the
 * running statistics.
 *
 * @param eps  epsilon
 * @param relu whether a ReLU is fused
 */
record BatchNorm(double eps, boolean relu) implements Op {
  static List<Value> apply(Graph g, Value x, Value weight, Value bias, double eps, boolean relu) {
    long[] c = {x.shape[1]};
    return relu ? g.add(new BatchNorm(eps, true), List.of(x, weight, bias), x.shape, c, c, new long[] {1})
        : g.add(new BatchNorm(eps, false), List.of(x, weight, bias), x.shape, c, c);
  }

  int flags() {
    // use_scale_shift, not use_scale | use_shift: oneDNN 2.5.2 refuses to execute the latter.
    int f = dnnl.normalization_flags.use_scale_shift.value;
    return relu ? f | dnnl.normalization_flags.fuse_norm_relu.value : f;
  }

  @Override
  public String describe() {
    return relu ? "batch-norm-relu" : "batch-norm";
  }

  @Override
  public void lower(Node n, Lowering l) {
    Lowering.Operand src = l.compact(n.in(0));
    batch_normalization_forward.primitive_desc pd = l.resources().own(new batch_normalization_forward.primitive_desc(
        new batch_normalization_forward.desc(l.forward().value, src.desc(), (float) eps,
            flags()), l.engine()));
    l.count("batch norm", pd);
    l.remember(n, pd);
    Lowering.Operand dst = l.define(n.out(), pd.dst_desc());
    Lowering.Operand mean = l.define(n.outputs.get(1), pd.mean_desc());
    Lowering.Operand var = l.define(n.outputs.get(2), pd.variance_desc());
    batch_normalization_forward p = l.resources().own(new batch_normalization_forward(pd));
    Lowering.Operand scaleShift = l.packRows(n.in(1), n.in(2));
    if (relu) {
      Lowering.Operand ws = l.define(n.outputs.get(3), pd.workspace_desc());
      l.exec("batch norm", p, dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_SCALE_SHIFT, scaleShift, dnnl.DNNL_ARG_DST,
          dst, dnnl.DNNL_ARG_MEAN, mean, dnnl.DNNL_ARG_VARIANCE, var, dnnl.DNNL_ARG_WORKSPACE, ws);
    } else {
      l.exec("batch norm", p, dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_SCALE_SHIFT, scaleShift, dnnl.DNNL_ARG_DST,
          dst, dnnl.DNNL_ARG_MEAN, mean, dnnl.DNNL_ARG_VARIANCE, var);
    }
  }

  @Override
  public void differentiate(Node n, List<Value> grads, Autodiff ad) {
    List<Value> in = relu
        ? List.of(n.in(0), n.outputs.get(1), n.outputs.get(2), grads.get(0), n.in(1), n.outputs.get(3))
        : List.of(n.in(0), n.outputs.get(1), n.outputs.get(2), grads.get(0), n.in(1));
    List<Value> out = ad.graph().add(new Backward(n), in, n.in(0).shape, n.in(1).shape, n.in(2).shape);
    for (int i = 0; i < 3; i++) {
      ad.accumulate(n.in(i), out.get(i));
    }
  }

  /** {@code (x, mean, variance, gy, weight, relu mask?) -> (gx, g weight, g bias)}. */
  record Backward(Node forward) implements BackwardOp {
    @Override
    public String describe() {
      return "batch-norm-backward";
    }

    @Override
    public void lower(Node n, Lowering l) {
      BatchNorm bn = (BatchNorm) forward.op;
      batch_normalization_forward.primitive_desc hint = l.recall(forward,
          batch_normalization_forward.primitive_desc.class);
      Lowering.Operand src = l.compact(n.in(0));
      batch_normalization_backward.primitive_desc pd = l.resources().own(
          new batch_normalization_backward.primitive_desc(new batch_normalization_backward.desc(
              dnnl.prop_kind.backward.value, src.desc(), src.desc(), (float) bn.eps, bn.flags()), l.engine(), hint));
      l.count("batch norm backward", pd);
      Lowering.Operand diffDst = l.as(n.in(3), pd.diff_dst_desc());
      Lowering.Operand diffSrc = l.defineInPlace(n.out(), pd.diff_src_desc(), n.in(3));
      long c = n.in(4).elements();
      Lowering.Operand scaleShift = l.packRows(n.in(4), n.in(4));
      Lowering.Operand diffScaleShift = l.temp(l.plainLayout(new long[] {2, c}));
      batch_normalization_backward p = l.resources().own(new batch_normalization_backward(pd));
      Object[] args = {dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_MEAN, l.get(n.in(1)), dnnl.DNNL_ARG_VARIANCE,
          l.get(n.in(2)), dnnl.DNNL_ARG_DIFF_DST, diffDst, dnnl.DNNL_ARG_SCALE_SHIFT, scaleShift,
          dnnl.DNNL_ARG_DIFF_SRC, diffSrc, dnnl.DNNL_ARG_DIFF_SCALE_SHIFT, diffScaleShift};
      if (bn.relu) {
        Object[] withWs = java.util.Arrays.copyOf(args, args.length + 2);
        withWs[args.length] = dnnl.DNNL_ARG_WORKSPACE;
        withWs[args.length + 1] = l.get(n.in(5));
        args = withWs;
      }
      l.exec("batch norm backward", p, args);
      l.unpackRows(diffScaleShift, n.outputs.get(1), n.outputs.get(2));
    }
  }
}
