package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.List;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/**
 * Tensors joined along one axis: each input copied into its slab of a dense output; the gradient of each input is
 * a view of its slab of the output's gradient.
 *
 * @param axis the axis
 */
record Concat(int axis) implements Op {
  static Value apply(Graph g, List<Value> xs, int axis) {
    long[] shape = xs.get(0).shape.clone();
    int a = Math.floorMod(axis, shape.length);
    shape[a] = 0;
    for (Value x : xs) {
      for (int i = 0; i < shape.length; i++) {
        if (i != a && x.shape[i] != shape[i]) {
          throw new UnsupportedGraphException("concatenating " + xs + " along axis " + a);
        }
      }
      shape[a] += x.shape[a];
    }
    return g.add1(new Concat(a), xs, shape);
  }

  private List<Assemble.Part> parts(Node n) {
    List<Assemble.Part> parts = new ArrayList<>();
    long at = 0;
    for (Value x : n.inputs) {
      long[] begin = new long[x.rank()];
      begin[axis] = at;
      long[] step = new long[x.rank()];
      java.util.Arrays.fill(step, 1);
      parts.add(new Assemble.Part(begin, step));
      at += x.shape[axis];
    }
    return parts;
  }

  @Override
  public String describe() {
    return "concat";
  }

  @Override
  public void lower(Node n, Lowering l) {
    Assemble.lowerInto(n, l, parts(n));
  }

  @Override
  public void differentiate(Node n, List<Value> grads, Autodiff ad) {
    List<Assemble.Part> parts = parts(n);
    for (int i = 0; i < n.inputs.size(); i++) {
      Value x = n.in(i);
      if (x.requiresGrad) {
        long[] end = parts.get(i).begin().clone();
        for (int d = 0; d < end.length; d++) {
          end[d] += x.shape[d];
        }
        ad.accumulate(x, Slice.apply(ad.graph(), grads.get(0), parts.get(i).begin(), end, parts.get(i).step()));
      }
    }
  }
}
