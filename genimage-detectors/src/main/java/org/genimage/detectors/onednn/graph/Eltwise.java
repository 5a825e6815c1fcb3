package org.genimage.detectors.onednn.graph;

import java.util.List;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;

/**
 * An element-wise function: oneDNN's eltwise primitives (forward and backward) for the functions it has, Java
 * loops for small tensors and for the rest (erf, log1p, rsqrt).
 *
 * @param fn the function
 */
record Eltwise(Fn fn) implements Op {
  /**
   * A function, its oneDNN algorithm (null when oneDNN has none) and, for Java, its value and derivative.
   *
   * @param name   a name for messages
   * @param alg    oneDNN's algorithm, or null
   * @param alpha  oneDNN's alpha
   * @param beta   oneDNN's beta
   * @param useDst whether the derivative is computed from the output (else from the input)
   * @param value  the function
   * @param slope  the derivative, from the input {@code x} and the output {@code y}
   */
  record Fn(String name, dnnl.algorithm alg, float alpha, float beta, boolean useDst, Unary value, Slope slope) {
    static final Fn RELU = new Fn("relu", dnnl.algorithm.eltwise_relu_use_dst_for_bwd, 0, 0, true,
        x -> Math.max(x, 0), (x, y) -> y > 0 ? 1 : 0);
    static final Fn GELU_ERF = new Fn("gelu", dnnl.algorithm.eltwise_gelu_erf, 0, 0, false,
        x -> 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2))),
        (x, y) -> 0.5 * (1 + Erf.erf(x / Math.sqrt(2))) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI));
    static final Fn EXP = new Fn("exp", dnnl.algorithm.eltwise_exp_use_dst_for_bwd, 0, 0, true, Math::exp,
        (x, y) -> y);
    static final Fn LOG = new Fn("log", dnnl.algorithm.eltwise_log, 0, 0, false, Math::log, (x, y) -> 1 / x);
    static final Fn ABS = new Fn("abs", dnnl.algorithm.eltwise_abs, 0, 0, false, Math::abs,
        (x, y) -> Math.signum(x));
    static final Fn SQRT = new Fn("sqrt", dnnl.algorithm.eltwise_sqrt_use_dst_for_bwd, 0, 0, true, Math::sqrt,
        (x, y) -> 0.5 / y);
    static final Fn SQUARE = new Fn("square", dnnl.algorithm.eltwise_square, 0, 0, false, x -> x * x,
        (x, y) -> 2 * x);
    static final Fn SIGMOID = new Fn("sigmoid", dnnl.algorithm.eltwise_logistic_use_dst_for_bwd, 0, 0, true,
        x -> 1 / (1 + Math.exp(-x)), (x, y) -> y * (1 - y));
    static final Fn TANH = new Fn("tanh", dnnl.algorithm.eltwise_tanh_use_dst_for_bwd, 0, 0, true, Math::tanh,
        (x, y) -> 1 - y * y);
    static final Fn ERF = new Fn("erf", null, 0, 0, false, Erf::erf,
        (x, y) -> 2 / Math.sqrt(Math.PI) * Math.exp(-x * x));
    static final Fn LOG1P = new Fn("log1p", null, 0, 0, false, Math::log1p, (x, y) -> 1 / (1 + x));
    static final Fn RSQRT = new Fn("rsqrt", null, 0, 0, true, x -> 1 / Math.sqrt(x), (x, y) -> -0.5 * y * y * y);

    /** {@code alpha * x + beta}. */
    static Fn linear(double alpha, double beta) {
      return new Fn("linear(" + alpha + "," + beta + ")", dnnl.algorithm.eltwise_linear, (float) alpha,
          (float) beta, false, x -> alpha * x + beta, (x, y) -> alpha);
    }
  }

  /** A function of one variable. */
  interface Unary {
    double apply(double x);
  }

  /** A derivative from input and output. */
  interface Slope {
    double apply(double x, double y);
  }

  static Value apply(Graph g, Fn fn, Value x) {
    return g.add1(new Eltwise(fn), List.of(x), x.shape);
  }

  /** The gradient through {@code fn}, from {@code gy} and the input or output ({@link Fn#useDst}). */
  static Value backward(Graph g, Fn fn, Value gy, Value data) {
    return g.add1(new Backward(fn), List.of(gy, data), gy.shape);
  }

  private static boolean onHost(Fn fn, Value v) {
    return fn.alg == null || v.elements() < Binary.HOST_LIMIT;
  }

  @Override
  public String describe() {
    return fn.name;
  }

  @Override
  public void lower(Node n, Lowering l) {
    Value x = n.in(0);
    if (onHost(fn, x)) {
      l.host(fn.name, List.of(x), n.out(), (in, out) -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) fn.value.apply(in[0][i]);
        }
      });
      return;
    }
    Lowering.Operand src = l.compact(x);
    memory.desc d = src.desc();
    eltwise_forward.primitive_desc pd = l.resources().own(new eltwise_forward.primitive_desc(
        new eltwise_forward.desc(l.forward(), fn.alg, d, fn.alpha, fn.beta), l.attr(), l.engine()));
    l.count("eltwise", pd);
    Lowering.Operand dst = l.defineInPlace(n.out(), d, x);
    eltwise_forward p = l.resources().own(new eltwise_forward(pd));
    l.exec("eltwise " + fn.name, p, l.withScratchpad(pd, dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_DST, dst));
  }

  @Override
  public void differentiate(Node n, List<Value> grads, Autodiff ad) {
    ad.accumulate(n.in(0), backward(ad.graph(), fn, grads.get(0), fn.useDst ? n.out() : n.in(0)));
  }

  /** {@code (gy, x or y) -> gx}. */
  record Backward(Fn fn) implements BackwardOp {
    @Override
    public String describe() {
      return fn.name + "-backward";
    }

    @Override
    public void lower(Node n, Lowering l) {
      Value gy = n.in(0);
      Value data = n.in(1);
      if (onHost(fn, gy)) {
        boolean dst = fn.useDst;
        l.host(describe(), List.of(gy, data), n.out(), (in, out) -> {
          for (int i = 0; i < out.length; i++) {
            double v = in[1][i];
            out[i] = (float) (in[0][i] * (dst ? fn.slope.apply(Double.NaN, v) : fn.slope.apply(v, fn.value.apply(v))));
          }
        });
        return;
      }
      Lowering.Operand dat = l.compact(data);
      memory.desc d = dat.desc();
      eltwise_forward.primitive_desc hint = l.resources().own(new eltwise_forward.primitive_desc(
          new eltwise_forward.desc(l.forward(), fn.alg, d, fn.alpha, fn.beta), l.engine()));
      eltwise_backward.primitive_desc pd = l.resources().own(new eltwise_backward.primitive_desc(
          new eltwise_backward.desc(fn.alg, d, d, fn.alpha, fn.beta), l.engine(), hint));
      l.count("eltwise backward", pd);
      Lowering.Operand diffDst = l.as(gy, d);
      Lowering.Operand diffSrc = l.defineInPlace(n.out(), d, gy);
      eltwise_backward p = l.resources().own(new eltwise_backward(pd));
      l.exec("eltwise backward " + fn.name, p, fn.useDst ? dnnl.DNNL_ARG_DST : dnnl.DNNL_ARG_SRC, dat,
          dnnl.DNNL_ARG_DIFF_DST, diffDst, dnnl.DNNL_ARG_DIFF_SRC, diffSrc);
    }
  }
}
