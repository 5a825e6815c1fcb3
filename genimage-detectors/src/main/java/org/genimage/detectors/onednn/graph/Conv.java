package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.genimage.api.Precision;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/**
 * A 2-d convolution {@code (x [n, ci, h, w], weight [co, ci / groups, kh, kw] (PyTorch's layout), bias [co]?)},
 * symmetric zero padding; gradients through oneDNN's backward-data and backward-weights primitives.
 *
 * <p>Inference plans fuse what follows into the primitive as post-ops ({@link Fusions#inference}): a residual
 * add of another value of the output's shape ({@code sum}, the value as a last input) and a ReLU; fused
 * convolutions are never differentiated. In a bf16 plan ({@link Lowering#inBf16}) the source, weights and
 * destination are bf16 (the sum post-op adds into the bf16 destination), accumulated in fp32 by the kernel, with
 * the bias in fp32; where oneDNN gives no native bf16 kernel for a convolution it stays fp32. In an int8 plan
 * ({@link Lowering#inInt8}) it is lowered by {@link QuantizedConv}.
 *
 * @param stride   stride (h, w)
 * @param padding  padding (h, w) on each side
 * @param dilation dilation (h, w), 1 for none
 * @param groups   groups (channels for a depthwise convolution)
 * @param sum      whether the last input is added to the result (a residual add)
 * @param relu     whether a ReLU follows (after the sum)
 */
record Conv(long[] stride, long[] padding, long[] dilation, long groups, boolean sum, boolean relu) implements Op {
  Conv(long[] stride, long[] padding, long[] dilation, long groups) {
    this(stride, padding, dilation, groups, false, false);
  }

  Conv fused(boolean withSum, boolean withRelu) {
    return new Conv(stride, padding, dilation, groups, sum || withSum, relu || withRelu);
  }
  static Value apply(Graph g, Value x, Value w, Value bias, Conv conv) {
    long[] xs = x.shape;
    long[] ws = w.shape;
    if (xs.length != 4 || ws.length != 4 || xs[1] != ws[1] * conv.groups) {
      throw new UnsupportedGraphException("convolution of " + x + " with weight " + w + " in " + conv.groups
          + " groups");
    }
    long oh = outSize(xs[2], ws[2], conv.stride[0], conv.padding[0], conv.dilation[0]);
    long ow = outSize(xs[3], ws[3], conv.stride[1], conv.padding[1], conv.dilation[1]);
    List<Value> in = bias == null ? List.of(x, w) : List.of(x, w, bias);
    return g.add1(conv, in, new long[] {xs[0], ws[0], oh, ow});
  }

  static long outSize(long in, long k, long s, long p, long d) {
    return (in + 2 * p - d * (k - 1) - 1) / s + 1;
  }

  @Override
  public String describe() {
    return "conv" + (sum ? "-sum" : "") + (relu ? "-relu" : "");
  }

  long[] dilates() {
    return new long[] {dilation[0] - 1, dilation[1] - 1};
  }

  /** oneDNN's weight dims: {@code [g, co/g, ci/g, kh, kw]} when grouped. */
  long[] weightDims(long[] ws) {
    return groups == 1 ? ws : new long[] {groups, ws[0] / groups, ws[1], ws[2], ws[3]};
  }

  @Override
  public void lower(Node n, Lowering l) {
    if (l.inInt8(n) && QuantizedConv.lower(this, n, l)) {
      return;
    }
    if (l.inBf16(n)) {
      convolution_forward.primitive_desc pd = primitive(n, l, memory.data_type.bf16);
      if (NativeSupport.isNative(Precision.BF16, pd)) {
        emit(n, l, pd);
        return;
      }
      pd.close();
    }
    emit(n, l, primitive(n, l, memory.data_type.f32));
  }

  /** The forward primitive's descriptor with source, weights and destination of the element type {@code type}. */
  private convolution_forward.primitive_desc primitive(Node n, Lowering l, memory.data_type type) {
    Value x = n.in(0);
    Value w = n.in(1);
    boolean hasBias = n.inputs.size() > (sum ? 3 : 2);
    memory.desc wAny = l.any(weightDims(w.shape), type);
    memory.desc bDesc = hasBias ? l.plainLayout(n.in(2).shape).desc() : null;
    memory.desc dstAny = l.any(n.out().shape, type);
    memory.desc asIs = l.lowOrGet(x).desc();
    if (asIs.data().data_type() != type.value) {
      asIs = l.withType(asIs, type);
    }
    primitive_attr attr = l.resources().own(new primitive_attr());
    // The plan owns the scratchpad (in its arena): oneDNN's own is per thread, and a plan compiled on one thread
    // may run on another, where Winograd's kernel then found none (SIGSEGV).
    attr.set_scratchpad_mode(dnnl.scratchpad_mode.user);
    if (sum || relu) {
      post_ops po = l.resources().own(new post_ops());
      if (sum) {
        po.append_sum();
      }
      if (relu) {
        po.append_eltwise(1f, dnnl.algorithm.eltwise_relu, 0f, 0f);
      }
      attr.set_post_ops(po);
    }
    // Training keeps direct convolution: its backward primitives are direct too; oneDNN has no bf16 Winograd.
    List<dnnl.algorithm> algorithms = l.training() || type != memory.data_type.f32
        ? List.of(dnnl.algorithm.convolution_direct)
        : ConvAlgorithm.forInference(w.shape, groups, stride, dilation);
    convolution_forward.primitive_desc pd = null;
    for (int i = 0; pd == null; i++) {
      dnnl.algorithm alg = algorithms.get(i);
      try {
        pd = Kernels.choose(l, asIs, l.any(x.shape, type),
            src -> new convolution_forward.primitive_desc(bDesc == null
                ? new convolution_forward.desc(l.forward(), alg, src,
                    wAny, dstAny, stride, dilates(), padding, padding)
                : new convolution_forward.desc(l.forward(), alg, src,
                    wAny, bDesc, dstAny, stride, dilates(), padding, padding), attr, l.engine()));
      } catch (UnsupportedGraphException e) {
        // No kernel for this algorithm on this CPU (Winograd is AVX-512 only): try the next.
        if (i == algorithms.size() - 1) {
          throw e;
        }
      }
    }
    return pd;
  }

  /** Adds the convolution's step (and the reorders its operands need) for a chosen primitive descriptor. */
  private void emit(Node n, Lowering l, convolution_forward.primitive_desc pd) {
    Value x = n.in(0);
    Value w = n.in(1);
    boolean hasBias = n.inputs.size() > (sum ? 3 : 2);
    Value addend = sum ? n.in(n.inputs.size() - 1) : null;
    l.resources().own(pd);
    l.count("convolution", pd);
    l.remember(n, pd);
    Lowering.Operand src = l.as(x, pd.src_desc());
    Lowering.Operand wts = l.as(w, viewed(l, w), pd.weights_desc());
    Lowering.Operand dst;
    if (addend == null) {
      dst = l.define(n.out(), pd.dst_desc());
    } else {
      // The sum post-op adds into what the destination holds: the addend itself when it dies here (and is not
      // the convolution's own source), else a copy of it in the destination's layout.
      Lowering.Operand a = l.lowOrGet(addend);
      if (Quantization.isInt8(a.desc())) {
        // An int8 plan's convolution that fell back to fp32: its addend's stored integers need their scale.
        a = l.get(addend);
      }
      boolean inPlace = a.desc().equals(pd.dst_desc()) && l.root(addend) != l.root(x);
      dst = inPlace ? l.defineInPlace(n.out(), pd.dst_desc(), addend) : l.define(n.out(), pd.dst_desc());
      if (dst.storage() != a.storage()) {
        l.reorder(a, dst);
      }
    }
    convolution_forward p = l.resources().own(new convolution_forward(pd));
    List<Object> args = new ArrayList<>(List.of(dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_WEIGHTS, wts,
        dnnl.DNNL_ARG_DST, dst));
    if (hasBias) {
      args.addAll(List.of(dnnl.DNNL_ARG_BIAS, l.get(n.in(2))));
    }
    memory.desc scratchpad = pd.scratchpad_desc();
    if (scratchpad.get_size() > 0) {
      args.addAll(List.of(dnnl.DNNL_ARG_SCRATCHPAD, l.temp(new Layout(new long[] {scratchpad.get_size()}, null,
          scratchpad))));
    }
    l.exec("convolution", p, args.toArray());
  }

  /** The weight in oneDNN's dims: grouped weights are a 5-d view of PyTorch's dense 4-d layout. */
  Lowering.Operand viewed(Lowering l, Value w) {
    Lowering.Operand o = l.dense(w);
    if (groups == 1) {
      return o;
    }
    long[] dims = weightDims(w.shape);
    return new Lowering.Operand(o.storage(), o.offset(), l.strided(dims, Shapes.denseStrides(dims)));
  }

  @Override
  public void differentiate(Node n, List<Value> grads, Autodiff ad) {
    if (sum || relu) {
      throw new UnsupportedGraphException("a convolution with fused post-ops is not differentiated");
    }
    Value gy = grads.get(0);
    Value x = n.in(0);
    Value w = n.in(1);
    Graph g = ad.graph();
    if (x.requiresGrad) {
      ad.accumulate(x, g.add1(new BackwardData(n), List.of(gy, w), x.shape));
    }
    boolean bias = n.inputs.size() > 2;
    if (w.requiresGrad || (bias && n.in(2).requiresGrad)) {
      List<Value> out = bias ? g.add(new BackwardWeights(n), List.of(x, gy), w.shape, n.in(2).shape)
          : g.add(new BackwardWeights(n), List.of(x, gy), w.shape);
      ad.accumulate(w, out.get(0));
      if (bias) {
        ad.accumulate(n.in(2), out.get(1));
      }
    }
  }

  /** The gradient of the input: {@code (gy, weight) -> gx}. */
  record BackwardData(Node forward) implements BackwardOp {
    @Override
    public String describe() {
      return "conv-backward-data";
    }

    @Override
    public void lower(Node n, Lowering l) {
      Conv c = (Conv) forward.op;
      convolution_forward.primitive_desc hint = l.recall(forward, convolution_forward.primitive_desc.class);
      Value gy = n.in(0);
      memory.desc gxAny = l.any(n.out().shape);
      memory.desc wAny = l.any(c.weightDims(n.in(1).shape));
      convolution_backward_data.primitive_desc pd = Kernels.choose(l, l.layout(gy).desc(), l.any(gy.shape),
          dd -> new convolution_backward_data.primitive_desc(new convolution_backward_data.desc(
              dnnl.algorithm.convolution_direct, gxAny, wAny, dd, c.stride, c.dilates(), c.padding, c.padding),
              l.engine(), hint));
      l.resources().own(pd);
      l.count("convolution backward data", pd);
      Lowering.Operand diffDst = l.as(gy, pd.diff_dst_desc());
      Lowering.Operand wts = l.as(n.in(1), c.viewed(l, n.in(1)), pd.weights_desc());
      Lowering.Operand diffSrc = l.define(n.out(), pd.diff_src_desc());
      convolution_backward_data p = l.resources().own(new convolution_backward_data(pd));
      l.exec("convolution backward data", p, dnnl.DNNL_ARG_DIFF_DST, diffDst, dnnl.DNNL_ARG_WEIGHTS, wts,
          dnnl.DNNL_ARG_DIFF_SRC, diffSrc);
    }
  }

  /** The gradients of the weight and bias: {@code (x, gy) -> gw, gb?}. */
  record BackwardWeights(Node forward) implements BackwardOp {
    @Override
    public String describe() {
      return "conv-backward-weights";
    }

    @Override
    public void lower(Node n, Lowering l) {
      Conv c = (Conv) forward.op;
      convolution_forward.primitive_desc hint = l.recall(forward, convolution_forward.primitive_desc.class);
      Value x = n.in(0);
      Value gy = n.in(1);
      boolean bias = n.outputs.size() > 1;
      memory.desc srcDesc = hint.src_desc();
      memory.desc gwAny = l.any(c.weightDims(n.out().shape));
      memory.desc gbDesc = bias ? l.plainLayout(n.outputs.get(1).shape).desc() : null;
      convolution_backward_weights.primitive_desc pd = Kernels.choose(l, l.layout(gy).desc(), l.any(gy.shape),
          dd -> new convolution_backward_weights.primitive_desc(gbDesc == null
              ? new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct, srcDesc, gwAny, dd,
                  c.stride, c.dilates(), c.padding, c.padding)
              : new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct, srcDesc, gwAny, gbDesc, dd,
                  c.stride, c.dilates(), c.padding, c.padding), l.engine(), hint));
      l.resources().own(pd);
      l.count("convolution backward weights", pd);
      Lowering.Operand src = l.as(x, pd.src_desc());
      Lowering.Operand diffDst = l.as(gy, pd.diff_dst_desc());
      Lowering.Operand gw = c.groups == 1 ? l.define(n.out(), pd.diff_weights_desc())
          : l.defineGrouped(n.out(), pd.diff_weights_desc());
      convolution_backward_weights p = l.resources().own(new convolution_backward_weights(pd));
      if (bias) {
        Lowering.Operand gb = l.define(n.outputs.get(1), pd.diff_bias_desc());
        l.exec("convolution backward weights", p, dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_DIFF_DST, diffDst,
            dnnl.DNNL_ARG_DIFF_WEIGHTS, gw, dnnl.DNNL_ARG_DIFF_BIAS, gb);
      } else {
        l.exec("convolution backward weights", p, dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_DIFF_DST, diffDst,
            dnnl.DNNL_ARG_DIFF_WEIGHTS, gw);
      }
    }
  }
}
