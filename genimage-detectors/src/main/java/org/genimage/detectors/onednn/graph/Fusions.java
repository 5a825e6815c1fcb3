package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites of the forward graph before differentiation, each saving a pass over memory: a scalar multiple read
 * only by a matrix product becomes that product's scale ({@code q / sqrt(d)} of attention), and a bias added to a
 * matrix product's output becomes the product's bias (every linear layer). Nodes left without readers are
 * dropped later with the rest of what the outputs do not need.
 */
final class Fusions {
  private Fusions() {}

  static void apply(Graph g) {
    for (Node n : new ArrayList<>(g.nodes())) {
      if (n.op instanceof MatMul) {
        n = foldScale(g, n, 0);
        foldScale(g, n, 1);
      }
    }
    for (Node n : new ArrayList<>(g.nodes())) {
      if (n.op instanceof Binary b && b.kind() == Binary.Kind.ADD && !b.relu()) {
        foldBias(g, n);
      }
    }
  }

  /** The node computing {@code v} when {@code v} is read by one node only, else null. */
  private static Node onlyProducer(Value v) {
    return v.consumers.size() == 1 ? v.producer : null;
  }

  /** {@code matmul(s * a, b)} with {@code s * a} read only there: {@code matmul(a, b)} scaled by s. */
  private static Node foldScale(Graph g, Node mm, int operand) {
    Value v = mm.in(operand);
    if (v.consumers.size() != 1 || v.producer == null || !(v.producer.op instanceof Eltwise e)
        || e.fn().alg() != org.bytedeco.dnnl.global.dnnl.algorithm.eltwise_linear || e.fn().beta() != 0f) {
      return mm;
    }
    MatMul op = (MatMul) mm.op;
    List<Value> in = new ArrayList<>(mm.inputs);
    in.set(operand, v.producer.in(0));
    return g.rewire(mm, new MatMul(op.transA(), op.transB(), op.alpha() * e.fn().alpha(), op.post()), in);
  }

  /** {@code matmul(a, b) + bias} with the product read only there and a bias of its last axis: one matmul. */
  private static void foldBias(Graph g, Node add) {
    for (int i = 0; i < 2; i++) {
      Value product = add.in(i);
      Value bias = add.in(1 - i);
      Node mm = product.producer;
      if (mm == null || !(mm.op instanceof MatMul m) || mm.inputs.size() != 2 || product.consumers.size() != 1) {
        continue;
      }
      long[] ys = product.shape;
      if (bias.rank() != 1 || bias.shape[0] != ys[ys.length - 1] || !Arrays.equals(add.out().shape, ys)) {
        continue;
      }
      g.rewire(add, m, List.of(mm.in(0), mm.in(1), bias));
      return;
    }
  }

  /**
   * The inference plan's rewrites, after {@link #apply}: a convolution whose only reader is a ReLU, or a residual
   * add (with the ReLU after it), becomes one convolution with sum and ReLU post-ops, as the oneDNN plan for
   * ResNets does; a matrix product (with its bias) whose only reader is a GELU takes it as a post-op.
   */
  static void inference(Graph g) {
    for (Node n : new ArrayList<>(g.nodes())) {
      if (n.op instanceof Binary b && b.kind() == Binary.Kind.ADD) {
        fuseResidual(g, n, b.relu());
      }
    }
    for (Node n : new ArrayList<>(g.nodes())) {
      if (n.op instanceof Eltwise e && e.fn() == Eltwise.Fn.RELU) {
        Node producer = onlyProducer(n.in(0));
        if (producer != null && producer.op instanceof Conv c && !c.relu()) {
          g.rewire(n, c.fused(false, true), producer.inputs);
        }
      } else if (n.op instanceof Eltwise e && e.fn() == Eltwise.Fn.GELU_ERF) {
        Node producer = onlyProducer(n.in(0));
        if (producer != null && producer.op instanceof MatMul m && m.post() == null) {
          g.rewire(n, new MatMul(m.transA(), m.transB(), m.alpha(), Eltwise.Fn.GELU_ERF), producer.inputs);
        }
      }
    }
  }

  /** {@code conv(x) + y}, the convolution read only there and {@code y} of the same shape: one convolution. */
  private static void fuseResidual(Graph g, Node add, boolean relu) {
    for (int i = 0; i < 2; i++) {
      Node conv = onlyProducer(add.in(i));
      Value other = add.in(1 - i);
      if (conv != null && conv.op instanceof Conv c && !c.sum() && !c.relu()
          && Arrays.equals(other.shape, add.out().shape)) {
        List<Value> in = new ArrayList<>(conv.inputs);
        in.add(other);
        g.rewire(add, c.fused(true, relu), in);
        return;
      }
    }
  }
}
