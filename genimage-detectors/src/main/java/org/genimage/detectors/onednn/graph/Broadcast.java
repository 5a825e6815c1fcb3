package org.genimage.detectors.onednn.graph;

import java.util.List;

/**
 * A value repeated along axes of length 1 to a larger shape, times a scale (the backward of sum and mean). Java
 * loops: it only meets small tensors in the supported graphs (heads, losses, global pooling).
 *
 * @param shape the output shape
 * @param scale the factor
 */
record Broadcast(long[] shape, float scale) implements BackwardOp {
  static Value apply(Graph g, Value x, long[] shape, float scale) {
    if (java.util.Arrays.equals(x.shape, shape) && scale == 1f) {
      return x;
    }
    return g.add1(new Broadcast(shape.clone(), scale), List.of(x), shape);
  }

  @Override
  public String describe() {
    return "broadcast";
  }

  @Override
  public void lower(Node n, Lowering l) {
    int[] idx = HostMath.broadcastIndex(n.in(0).shape, shape);
    l.host(describe(), List.of(n.in(0)), n.out(), (in, out) -> {
      for (int i = 0; i < out.length; i++) {
        out[i] = in[0][idx[i]] * scale;
      }
    });
  }
}
