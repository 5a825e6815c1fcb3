package org.genimage.detectors.onednn.graph;

import java.util.List;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/**
 * A new shape over the same elements in row-major order: a view when the input's strides allow one (always for
 * a dense input), else a dense copy first.
 *
 * @param shape the new shape
 */
record Reshape(long[] shape) implements Op {
  static Value apply(Graph g, Value x, long[] shape) {
    if (Shapes.elements(shape) != x.elements()) {
      throw new UnsupportedGraphException("cannot reshape " + x + " to " + Shapes.str(shape));
    }
    if (java.util.Arrays.equals(x.shape, shape)) {
      return x;
    }
    return g.add1(new Reshape(shape.clone()), List.of(x), shape);
  }

  @Override
  public boolean isView() {
    return true;
  }

  @Override
  public String describe() {
    return "reshape";
  }

  @Override
  public void lower(Node n, Lowering l) {
    Value x = n.in(0);
    Lowering.Operand o = l.get(x);
    long[] dims = Layouts.dimsOf(shape);
    if (o.layout().plain()) {
      long[] strides = Shapes.reshapeStrides(o.layout().dims(), o.layout().strides(), dims);
      if (strides != null) {
        l.defineView(n.out(), o, l.strided(dims, strides), 0);
        return;
      }
    }
    l.defineView(n.out(), l.dense(x), l.plainLayout(shape), 0);
  }

  @Override
  public void differentiate(Node n, List<Value> grads, Autodiff ad) {
    ad.accumulate(n.in(0), apply(ad.graph(), grads.get(0), n.in(0).shape));
  }
}
