package org.genimage.detectors.onednn.training;

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
    return g.rewire(mm, new MatMul(op.transA(), op.transB(), op.alpha() * e.fn().alpha()), in);
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
}
