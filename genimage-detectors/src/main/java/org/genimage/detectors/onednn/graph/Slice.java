package org.genimage.detectors.onednn.graph;

import java.util.List;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/**
 * A strided box of a tensor: on each axis the elements {@code begin, begin + step, ...} before {@code end}. A view of
 * a plain input; its gradient is written into the same box of a tensor of the input's shape ({@link Assemble}).
 *
 * @param begin first index per axis
 * @param end   end (exclusive) per axis
 * @param step  step per axis (positive)
 */
record Slice(long[] begin, long[] end, long[] step) implements Op {
  static Value apply(Graph g, Value x, long[] begin, long[] end, long[] step) {
    long[] shape = new long[x.rank()];
    for (int i = 0; i < shape.length; i++) {
      if (step[i] <= 0 || begin[i] < 0 || end[i] > x.shape[i] || begin[i] >= end[i]) {
        throw new UnsupportedGraphException("slice [" + begin[i] + ", " + end[i] + ") step " + step[i]
            + " of axis " + i + " of " + x);
      }
      shape[i] = (end[i] - begin[i] + step[i] - 1) / step[i];
    }
    if (java.util.Arrays.equals(shape, x.shape)) {
      return x;
    }
    return g.add1(new Slice(begin.clone(), end.clone(), step.clone()), List.of(x), shape);
  }

  @Override
  public boolean isView() {
    return true;
  }

  @Override
  public String describe() {
    return "slice";
  }

  @Override
  public void lower(Node n, Lowering l) {
    Lowering.Operand o = l.plain(n.in(0));
    long[] strides = o.layout().strides();
    long offset = 0;
    long[] viewStrides = new long[strides.length];
    for (int i = 0; i < strides.length; i++) {
      offset += begin[i] * strides[i];
      viewStrides[i] = strides[i] * step[i];
    }
    l.defineView(n.out(), o, l.strided(Layouts.dimsOf(n.out().shape), viewStrides), offset * Float.BYTES);
  }

  @Override
  public void differentiate(Node n, List<Value> grads, Autodiff ad) {
    Value x = n.in(0);
    ad.accumulate(x, Assemble.apply(ad.graph(), x.shape, List.of(new Assemble.Part(begin, step)),
        List.of(grads.get(0))));
  }
}
