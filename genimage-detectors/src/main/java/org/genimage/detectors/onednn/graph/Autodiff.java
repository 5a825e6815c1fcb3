package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/**
 * Reverse-mode differentiation of a {@link Graph}: visits the forward nodes last to first, sums the gradient
 * contributions each output received from its consumers, and asks the node's {@link Op} to add the nodes computing
 * its inputs' gradients. The backward nodes are appended to the same graph, so one schedule and one memory plan
 * cover both passes.
 */
final class Autodiff {
  private final Graph g;
  private final Map<Value, List<Value>> contributions = new HashMap<>();

  Autodiff(Graph g) {
    this.g = g;
  }

  Graph graph() {
    return g;
  }

  /**
   * Reports a gradient contribution to a value.
   *
   * @param target the value
   * @param grad   a gradient of the same shape
   */
  void accumulate(Value target, Value grad) {
    if (!target.requiresGrad || grad == null) {
      return;
    }
    if (!java.util.Arrays.equals(target.shape, grad.shape)) {
      throw new IllegalStateException("gradient " + grad + " for " + target + " has another shape");
    }
    contributions.computeIfAbsent(target, k -> new ArrayList<>()).add(grad);
  }

  /**
   * Differentiates the scalar {@code loss} with respect to {@code wrt}.
   *
   * @param loss the loss, a value of one element
   * @param wrt  the values whose gradients are wanted (parameters)
   * @return each value's gradient, null where the loss does not depend on it
   */
  Map<Value, Value> run(Value loss, Collection<Value> wrt) {
    if (loss.elements() != 1) {
      throw new UnsupportedGraphException("the loss " + loss + " is not a scalar");
    }
    List<Node> forward = new ArrayList<>(g.nodes());
    g.setBackward(true);
    try {
      Value seed = g.constant("loss-gradient", loss.shape, new float[] {1f});
      contributions.computeIfAbsent(loss, k -> new ArrayList<>()).add(seed);
      for (int i = forward.size() - 1; i >= 0; i--) {
        Node n = forward.get(i);
        List<Value> outGrads = new ArrayList<>();
        boolean any = false;
        for (Value o : n.outputs) {
          Value gr = total(o);
          outGrads.add(gr);
          any |= gr != null;
        }
        boolean needed = false;
        for (Value in : n.inputs) {
          needed |= in.requiresGrad;
        }
        if (any && needed) {
          n.op.differentiate(n, outGrads, this);
        }
      }
      Map<Value, Value> out = new LinkedHashMap<>();
      for (Value p : wrt) {
        out.put(p, total(p));
      }
      return out;
    } finally {
      g.setBackward(false);
    }
  }

  /** The sum of a value's contributions (one node chain of adds), or null when it has none. */
  private Value total(Value v) {
    List<Value> c = contributions.get(v);
    if (c == null || c.isEmpty()) {
      return null;
    }
    if (c.size() > 1) {
      List<Value> parts = Assemble.mergeDisjoint(g, v.shape, c);
      Value sum = parts.get(0);
      for (int i = 1; i < parts.size(); i++) {
        sum = Binary.apply(g, Binary.Kind.ADD, sum, parts.get(i));
      }
      c.clear();
      c.add(sum);
    }
    return c.get(0);
  }
}
