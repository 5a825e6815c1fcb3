package org.genimage.detectors.transformer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The building blocks both architectures share, written so that SameDiff 1.0.0-M2.1 computes exactly
 * what PyTorch does (see the package documentation for the traps avoided).
 */
final class GraphOps {
  private GraphOps() {}

  /** A PyTorch {@code nn.Linear} over the last axis of a 2-D input {@code [rows, in]}. */
  static SDVariable linear(SDVariable x2d, SDVariable weight, SDVariable bias) {
    SameDiff sd = x2d.getSameDiff();
    SDVariable y = sd.mmul(x2d, weight, false, true, false);
    return bias == null ? y : y.add(bias);
  }

  /** A linear layer applied to the last axis of any-rank input, reshaping around the product. */
  static SDVariable linearLast(SDVariable x, long in, SDVariable weight, SDVariable bias, long... outShape) {
    SameDiff sd = x.getSameDiff();
    return sd.reshape(linear(sd.reshape(x, -1, in), weight, bias), outShape);
  }

  /**
   * A strided slice of one axis, every other axis whole (begin and end masks set for them).
   *
   * @param rank the input's rank
   * @param axis the sliced axis
   */
  static SDVariable sliceAxis(SDVariable x, int rank, int axis, long begin, long end, long stride) {
    SameDiff sd = x.getSameDiff();
    long[] b = new long[rank];
    long[] e = new long[rank];
    long[] s = new long[rank];
    java.util.Arrays.fill(s, 1);
    b[axis] = begin;
    e[axis] = end;
    s[axis] = stride;
    int mask = ((1 << rank) - 1) & ~(1 << axis);
    return sd.stridedSlice(x, b, e, s, mask, mask, 0, 0, 0);
  }

  /**
   * {@code torch.roll(x, shift, axis)} for a static axis length, as slice + concat: M2.1's Roll op is
   * wrong for rank-4 input and has no gradient.
   */
  static SDVariable roll(SDVariable x, int rank, int axis, long length, long shift) {
    long s = Math.floorMod(shift, length);
    if (s == 0) {
      return x;
    }
    SameDiff sd = x.getSameDiff();
    SDVariable tail = sliceAxis(x, rank, axis, length - s, length, 1);
    SDVariable head = sliceAxis(x, rank, axis, 0, length - s, 1);
    return sd.concat(axis, tail, head);
  }
}
