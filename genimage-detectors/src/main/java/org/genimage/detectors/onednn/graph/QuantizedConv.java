package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.genimage.api.Precision;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/**
 * A convolution of an int8 plan ({@link Lowering#inInt8}): source in its int8 form ({@link Quantization}), s8
 * weights with one scale per output channel (quantised once when the plan is bound), the bias in fp32 divided
 * by the accumulator's scale (oneDNN 2.5.2 adds it before the output scales), s32 accumulation; the output in its
 * own int8 form when every reader is an int8 convolution, else in fp32. A fused residual add reads the addend in
 * its int8 form (its type may differ from the output's, u8 or s8) scaled into the output's.
 */
final class QuantizedConv {
  private QuantizedConv() {}

  /**
   * Lowers the convolution in int8.
   *
   * @return false (nothing emitted but operand copies) when oneDNN has no native int8 kernel for it
   */
  static boolean lower(Conv c, Node n, Lowering l) {
    Value x = n.in(0);
    Value w = n.in(1);
    Value y = n.out();
    boolean hasBias = n.inputs.size() > (c.sum() ? 3 : 2);
    Value addend = c.sum() ? n.in(n.inputs.size() - 1) : null;
    if (!w.isConstant() || (hasBias && !n.in(2).isConstant())) {
      return false;
    }
    Quantization q = l.quantization();
    boolean int8Out = !y.consumers.isEmpty() && y.consumers.stream().allMatch(l::inInt8);
    int outChannels = (int) w.shape[0];
    float sx = q.scale(x);
    float sy = int8Out ? q.scale(y) : 1f;
    float[] ws = Quantization.weightScales(w.constant, outChannels);
    float[] outScales = new float[outChannels];
    float[] toWeights = new float[outChannels];
    for (int o = 0; o < outChannels; o++) {
      outScales[o] = sx * ws[o] / sy;
      toWeights[o] = 1f / ws[o];
    }
    memory.data_type dstType = int8Out ? q.type(y) : memory.data_type.f32;
    primitive_attr attr = l.scaled(1 << 1, outScales);
    attr.set_scratchpad_mode(dnnl.scratchpad_mode.user);
    if (c.sum() || c.relu()) {
      post_ops po = l.resources().own(new post_ops());
      if (c.sum()) {
        if (int8Out) {
          po.append_sum(q.scale(addend) / sy, q.type(addend));
        } else {
          po.append_sum();
        }
      }
      if (c.relu()) {
        po.append_eltwise(1f, dnnl.algorithm.eltwise_relu, 0f, 0f);
      }
      attr.set_post_ops(po);
    }
    memory.data_type srcType = q.type(x);
    memory.desc wAny = l.any(c.weightDims(w.shape), memory.data_type.s8);
    memory.desc bDesc = hasBias ? l.plainLayout(n.in(2).shape).desc() : null;
    memory.desc dstAny = l.any(y.shape, dstType);
    memory.desc asIs = l.lowOrGet(x).desc();
    if (asIs.data().data_type() != srcType.value) {
      asIs = l.withType(asIs, srcType);
    }
    convolution_forward.primitive_desc pd;
    try {
      pd = Kernels.choose(l, asIs, l.any(x.shape, srcType),
          src -> new convolution_forward.primitive_desc(bDesc == null
              ? new convolution_forward.desc(l.forward(), dnnl.algorithm.convolution_direct, src, wAny, dstAny,
                  c.stride(), c.dilates(), c.padding(), c.padding())
              : new convolution_forward.desc(l.forward(), dnnl.algorithm.convolution_direct, src, wAny, bDesc,
                  dstAny, c.stride(), c.dilates(), c.padding(), c.padding()), attr, l.engine()));
    } catch (UnsupportedGraphException e) {
      return false;
    }
    if (!NativeSupport.isNative(Precision.INT8, pd)) {
      pd.close();
      return false;
    }
    l.resources().own(pd);
    l.count("convolution", pd);
    Lowering.Operand src = l.as(x, pd.src_desc());
    int weightMask = c.groups() == 1 ? 1 : (1 << 0) | (1 << 1);
    Lowering.Operand wts = l.constantCopy(c.viewed(l, w), pd.weights_desc(), l.scaled(weightMask, toWeights));
    Lowering.Operand dst = addend == null ? l.define(y, pd.dst_desc()) : withAddend(l, n, x, addend, pd, int8Out);
    convolution_forward p = l.resources().own(new convolution_forward(pd));
    List<Object> args = new ArrayList<>(List.of(dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_WEIGHTS, wts,
        dnnl.DNNL_ARG_DST, dst));
    if (hasBias) {
      float[] bias = n.in(2).constant;
      float[] accumulated = new float[outChannels];
      for (int o = 0; o < outChannels; o++) {
        accumulated[o] = bias[o] / (sx * ws[o]);
      }
      args.addAll(List.of(dnnl.DNNL_ARG_BIAS, l.constant(n.in(2).shape, accumulated)));
    }
    l.exec("convolution", p, l.withScratchpad(pd, args.toArray()));
    l.quantised();
    return true;
  }

  /**
   * The destination of a convolution with a fused residual add, holding the addend: the addend's own memory when
   * it dies here in the destination's layout and type, else a copy of it (in its int8 form for an int8 output, the
   * type the sum post-op reads; in fp32 otherwise).
   */
  private static Lowering.Operand withAddend(Lowering l, Node n, Value x, Value addend,
      convolution_forward.primitive_desc pd, boolean int8Out) {
    Value y = n.out();
    Lowering.Operand a = int8Out ? l.lowOrGet(addend) : l.get(addend);
    memory.desc held = int8Out ? l.withType(pd.dst_desc(), l.quantization().type(addend)) : pd.dst_desc();
    Lowering.Operand dst;
    if (held.equals(pd.dst_desc()) && l.root(addend) != l.root(x)) {
      dst = l.defineInPlace(y, pd.dst_desc(), addend);
    } else {
      dst = l.define(y, pd.dst_desc());
    }
    if (dst.storage() == a.storage() && dst.offset() == a.offset()) {
      return dst;
    }
    Lowering.Operand target = new Lowering.Operand(dst.storage(), dst.offset(), l.layoutOf(held));
    boolean quantise = int8Out && !Quantization.isInt8(a.desc());
    l.reorder(a, target, quantise ? 1f / l.quantization().scale(addend) : 1f);
    return dst;
  }
}
