package org.genimage.detectors.onednn.graph;

import java.util.Arrays;
import java.util.List;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/**
 * Sums a gradient over the axes its value was broadcast along, back to that value's shape (the backward of every
 * broadcasting operation).
 *
 * @param target the shape to sum to
 */
record SumTo(long[] target) implements BackwardOp {
  /** {@code x} summed to {@code shape}; {@code x} itself when the shapes agree. */
  static Value apply(Graph g, Value x, long[] shape) {
    if (Arrays.equals(x.shape, shape)) {
      return x;
    }
    long[] padded = Shapes.padLeft(shape, x.rank());
    for (int i = 0; i < padded.length; i++) {
      if (padded[i] != 1 && padded[i] != x.shape[i]) {
        throw new UnsupportedGraphException("cannot sum " + x + " to " + Shapes.str(shape));
      }
    }
    return g.add1(new SumTo(shape.clone()), List.of(x), shape);
  }

  @Override
  public String describe() {
    return "sum-to";
  }

  @Override
  public void lower(Node n, Lowering l) {
    Reduce.lowerReduction(n, l, Reduce.Kind.SUM, n.in(0), Shapes.padLeft(target, n.in(0).rank()));
  }
}
