package org.genimage.detectors.onednn.graph;

import java.util.List;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.memory;

/**
 * 2-d max or average pooling of {@code [n, c, h, w]}, padding ignored (as PyTorch's {@code MaxPool2d} and
 * {@code count_include_pad=False}); max pooling keeps oneDNN's workspace for its backward.
 *
 * @param max     max (else average)
 * @param kernel  window (h, w)
 * @param stride  stride (h, w)
 * @param padding padding (h, w) on each side
 */
record Pool(boolean max, long[] kernel, long[] stride, long[] padding) implements Op {
  static Value apply(Graph g, Value x, Pool p) {
    long[] s = x.shape;
    long oh = Conv.outSize(s[2], p.kernel[0], p.stride[0], p.padding[0], 1);
    long ow = Conv.outSize(s[3], p.kernel[1], p.stride[1], p.padding[1], 1);
    long[] out = {s[0], s[1], oh, ow};
    return p.max ? g.add(p, List.of(x), out, new long[] {1}).get(0) : g.add1(p, List.of(x), out);
  }

  dnnl.algorithm alg() {
    return max ? dnnl.algorithm.pooling_max : dnnl.algorithm.pooling_avg_exclude_padding;
  }

  @Override
  public String describe() {
    return max ? "max-pool" : "avg-pool";
  }

  @Override
  public void lower(Node n, Lowering l) {
    Lowering.Operand src = l.compact(n.in(0));
    pooling_forward.primitive_desc pd = l.resources().own(new pooling_forward.primitive_desc(
        new pooling_forward.desc(l.forward(), alg(), src.desc(), l.any(n.out().shape), stride,
            kernel, padding, padding), l.attr(), l.engine()));
    l.count("pooling", pd);
    l.remember(n, pd);
    Lowering.Operand dst = l.define(n.out(), pd.dst_desc());
    pooling_forward p = l.resources().own(new pooling_forward(pd));
    if (max && l.training()) {
      Lowering.Operand ws = l.define(n.outputs.get(1), pd.workspace_desc());
      l.exec("pooling", p, l.withScratchpad(pd, dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_DST, dst,
          dnnl.DNNL_ARG_WORKSPACE, ws));
    } else {
      l.exec("pooling", p, l.withScratchpad(pd, dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_DST, dst));
    }
  }

  @Override
  public void differentiate(Node n, List<Value> grads, Autodiff ad) {
    List<Value> in = max ? List.of(grads.get(0), n.outputs.get(1)) : List.of(grads.get(0));
    ad.accumulate(n.in(0), ad.graph().add1(new Backward(n), in, n.in(0).shape));
  }

  /** {@code (gy, workspace?) -> gx}. */
  record Backward(Node forward) implements BackwardOp {
    @Override
    public String describe() {
      return "pool-backward";
    }

    @Override
    public void lower(Node n, Lowering l) {
      Pool p = (Pool) forward.op;
      pooling_forward.primitive_desc hint = l.recall(forward, pooling_forward.primitive_desc.class);
      memory.desc gxAny = l.any(n.out().shape);
      pooling_backward.primitive_desc pd = l.resources().own(new pooling_backward.primitive_desc(
          new pooling_backward.desc(p.alg(), gxAny, hint.dst_desc(), p.stride, p.kernel, p.padding, p.padding),
          l.engine(), hint));
      l.count("pooling backward", pd);
      Lowering.Operand diffDst = l.as(n.in(0), pd.diff_dst_desc());
      Lowering.Operand diffSrc = l.define(n.out(), pd.diff_src_desc());
      pooling_backward prim = l.resources().own(new pooling_backward(pd));
      if (p.max) {
        l.exec("pooling backward", prim, dnnl.DNNL_ARG_DIFF_DST, diffDst, dnnl.DNNL_ARG_WORKSPACE,
            l.get(n.in(1)), dnnl.DNNL_ARG_DIFF_SRC, diffSrc);
      } else {
        l.exec("pooling backward", prim, dnnl.DNNL_ARG_DIFF_DST, diffDst, dnnl.DNNL_ARG_DIFF_SRC, diffSrc);
      }
    }
  }
}
