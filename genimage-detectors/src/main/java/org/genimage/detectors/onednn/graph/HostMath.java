package org.genimage.detectors.onednn.graph;

/**
 * Element loops over dense row-major arrays with numpy broadcasting, for the small tensors of a graph (the head,
 * the loss) and the few functions oneDNN has no primitive for. Shapes are right-aligned to the output's rank.
 */
final class HostMath {
  private HostMath() {}

  /** Per output element, the flat index into an operand broadcast to {@code out}. */
  static int[] broadcastIndex(long[] shape, long[] out) {
    long[] s = Shapes.padLeft(shape, out.length);
    long[] strides = Shapes.denseStrides(s);
    int n = (int) Shapes.elements(out);
    int[] idx = new int[n];
    int rank = out.length;
    long[] pos = new long[rank];
    for (int i = 0; i < n; i++) {
      long f = 0;
      for (int d = 0; d < rank; d++) {
        if (s[d] != 1) {
          f += pos[d] * strides[d];
        }
      }
      idx[i] = (int) f;
      for (int d = rank - 1; d >= 0; d--) {
        if (++pos[d] < out[d]) {
          break;
        }
        pos[d] = 0;
      }
    }
    return idx;
  }

  /** {@code x} (shape {@code from}) repeated to {@code to}, times {@code scale}. */
  static float[] broadcast(float[] x, long[] from, long[] to, float scale) {
    int[] idx = broadcastIndex(from, to);
    float[] out = new float[idx.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[idx[i]] * scale;
    }
    return out;
  }
}
