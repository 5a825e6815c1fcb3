package org.genimage.detectors.onednn.graph;

import java.util.List;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.softmax_backward;
import org.bytedeco.dnnl.softmax_forward;

/**
 * Softmax along one axis; its backward reads the output.
 *
 * @param axis the axis (non-negative)
 */
record Softmax(int axis) implements Op {
  static Value apply(Graph g, Value x, int axis) {
    return g.add1(new Softmax(Math.floorMod(axis, x.rank())), List.of(x), x.shape);
  }

  @Override
  public String describe() {
    return "softmax";
  }

  @Override
  public void lower(Node n, Lowering l) {
    Lowering.Operand src = l.dense(n.in(0));
    softmax_forward.primitive_desc pd = l.resources().own(new softmax_forward.primitive_desc(
        new softmax_forward.desc(l.forward(), src.desc(), axis), l.attr(), l.engine()));
    l.count("softmax", pd);
    l.remember(n, pd);
    Lowering.Operand dst = l.defineInPlace(n.out(), src.desc(), n.in(0));
    softmax_forward p = l.resources().own(new softmax_forward(pd));
    l.exec("softmax", p, l.withScratchpad(pd, dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_DST, dst));
  }

  @Override
  public void differentiate(Node n, List<Value> grads, Autodiff ad) {
    ad.accumulate(n.in(0), ad.graph().add1(new Backward(n), List.of(grads.get(0), n.out()), n.out().shape));
  }

  /** {@code (gy, y) -> gx}. */
  record Backward(Node forward) implements BackwardOp {
    @Override
    public String describe() {
      return "softmax-backward";
    }

    @Override
    public void lower(Node n, Lowering l) {
      softmax_forward.primitive_desc hint = l.recall(forward, softmax_forward.primitive_desc.class);
      Lowering.Operand dst = l.get(n.in(1));
      softmax_backward.primitive_desc pd = l.resources().own(new softmax_backward.primitive_desc(
          new softmax_backward.desc(dst.desc(), dst.desc(), ((Softmax) forward.op).axis), l.engine(), hint));
      l.count("softmax backward", pd);
      Lowering.Operand diffDst = l.as(n.in(0), dst.desc());
      Lowering.Operand diffSrc = l.defineInPlace(n.out(), dst.desc(), n.in(0));
      softmax_backward p = l.resources().own(new softmax_backward(pd));
      l.exec("softmax backward", p, dnnl.DNNL_ARG_DST, dst, dnnl.DNNL_ARG_DIFF_DST, diffDst,
          dnnl.DNNL_ARG_DIFF_SRC, diffSrc);
    }
  }
}
