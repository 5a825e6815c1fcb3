package org.genimage.detectors.onednn.graph;

import java.util.List;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/**
 * Axes reordered as numpy's {@code transpose}: output axis {@code i} is input axis {@code perm[i]}. A strided view
 * of a plain input (a blocked one is made dense first); consumers copy it when their primitive needs dense data.
 *
 * @param perm the permutation
 */
record Permute(int[] perm) implements Op {
  static Value apply(Graph g, Value x, int[] perm) {
    if (perm.length != x.rank()) {
      throw new UnsupportedGraphException("permutation of " + perm.length + " axes for " + x);
    }
    boolean identity = true;
    for (int i = 0; i < perm.length; i++) {
      identity &= perm[i] == i;
    }
    if (identity) {
      return x;
    }
    return g.add1(new Permute(perm.clone()), List.of(x), Shapes.permute(x.shape, perm));
  }

  @Override
  public boolean isView() {
    return true;
  }

  @Override
  public String describe() {
    return "permute";
  }

  @Override
  public void lower(Node n, Lowering l) {
    Lowering.Operand o = l.plain(n.in(0));
    Layout in = o.layout();
    l.defineView(n.out(), o, l.strided(Shapes.permute(in.dims(), perm), Shapes.permute(in.strides(), perm)), 0);
  }

  @Override
  public void differentiate(Node n, List<Value> grads, Autodiff ad) {
    ad.accumulate(n.in(0), apply(ad.graph(), grads.get(0), Shapes.inverse(perm)));
  }
}
