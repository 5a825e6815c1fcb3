package org.genimage.detectors.onednn.graph;

import java.util.Arrays;
import java.util.List;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.layer_normalization_backward;
import org.bytedeco.dnnl.layer_normalization_forward;

/**
 * Layer normalisation over the last axis, biased variance, as PyTorch's {@code nn.LayerNorm}: {@code (x, weight,
 * bias) -> (y, mean, variance)}; the statistics are kept for the backward.
 *
 * @param eps epsilon
 */
record LayerNorm(double eps) implements Op {
  static Value apply(Graph g, Value x, Value weight, Value bias, double eps) {
    long[] stat = Arrays.copyOf(x.shape, x.rank() - 1);
    return g.add(new LayerNorm(eps), List.of(x, weight, bias), x.shape, stat, stat).get(0);
  }

  static int flags() {
    // use_scale_shift, not use_scale | use_shift: oneDNN 2.5.2 refuses to execute the latter.
    return dnnl.normalization_flags.use_scale_shift.value;
  }

  @Override
  public String describe() {
    return "layer-norm";
  }

  @Override
  public void lower(Node n, Lowering l) {
    Lowering.Operand src = l.dense(n.in(0));
    Layout stat = l.plainLayout(n.outputs.get(1).shape);
    layer_normalization_forward.primitive_desc pd = l.resources().own(new layer_normalization_forward.primitive_desc(
        new layer_normalization_forward.desc(l.forward().value, src.desc(), stat.desc(),
            (float) eps, flags()), l.attr(), l.engine()));
    l.count("layer norm", pd);
    l.remember(n, pd);
    Lowering.Operand dst = l.define(n.out(), src.desc());
    layer_normalization_forward p = l.resources().own(new layer_normalization_forward(pd));
    Lowering.Operand scaleShift = l.packRows(n.in(1), n.in(2));
    if (!l.training()) {
      l.exec("layer norm", p, l.withScratchpad(pd, dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_SCALE_SHIFT, scaleShift,
          dnnl.DNNL_ARG_DST, dst));
      return;
    }
    Lowering.Operand mean = l.define(n.outputs.get(1), stat);
    Lowering.Operand var = l.define(n.outputs.get(2), stat);
    l.exec("layer norm", p, l.withScratchpad(pd, dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_SCALE_SHIFT, scaleShift,
        dnnl.DNNL_ARG_DST, dst, dnnl.DNNL_ARG_MEAN, mean, dnnl.DNNL_ARG_VARIANCE, var));
  }

  @Override
  public void differentiate(Node n, List<Value> grads, Autodiff ad) {
    List<Value> out = ad.graph().add(new Backward(n), List.of(n.in(0), n.outputs.get(1), n.outputs.get(2),
        grads.get(0), n.in(1)), n.in(0).shape, n.in(1).shape, n.in(2).shape);
    for (int i = 0; i < 3; i++) {
      ad.accumulate(n.in(i), out.get(i));
    }
  }

  /** {@code (x, mean, variance, gy, weight) -> (gx, g weight, g bias)}. */
  record Backward(Node forward) implements BackwardOp {
    @Override
    public String describe() {
      return "layer-norm-backward";
    }

    @Override
    public void lower(Node n, Lowering l) {
      LayerNorm ln = (LayerNorm) forward.op;
      layer_normalization_forward.primitive_desc hint = l.recall(forward,
          layer_normalization_forward.primitive_desc.class);
      Lowering.Operand src = l.dense(n.in(0));
      Lowering.Operand mean = l.get(n.in(1));
      layer_normalization_backward.primitive_desc pd = l.resources().own(
          new layer_normalization_backward.primitive_desc(new layer_normalization_backward.desc(
              dnnl.prop_kind.backward.value, src.desc(), src.desc(), mean.desc(), (float) ln.eps, flags()),
              l.engine(), hint));
      l.count("layer norm backward", pd);
      Lowering.Operand diffDst = l.as(n.in(3), src.desc());
      Lowering.Operand diffSrc = l.defineInPlace(n.out(), src.desc(), n.in(3));
      long c = n.in(4).elements();
      Lowering.Operand scaleShift = l.packRows(n.in(4), n.in(4));
      Lowering.Operand diffScaleShift = l.temp(l.plainLayout(new long[] {2, c}));
      layer_normalization_backward p = l.resources().own(new layer_normalization_backward(pd));
      l.exec("layer norm backward", p, dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_MEAN, mean, dnnl.DNNL_ARG_VARIANCE,
          l.get(n.in(2)), dnnl.DNNL_ARG_DIFF_DST, diffDst, dnnl.DNNL_ARG_SCALE_SHIFT, scaleShift,
          dnnl.DNNL_ARG_DIFF_SRC, diffSrc, dnnl.DNNL_ARG_DIFF_SCALE_SHIFT, diffScaleShift);
      l.unpackRows(diffScaleShift, n.outputs.get(1), n.outputs.get(2));
    }
  }
}
