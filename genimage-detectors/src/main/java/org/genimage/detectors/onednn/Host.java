package org.genimage.detectors.onednn;

/** The plan's Java-side arithmetic for the small 2-d head after global pooling. */
final class Host {
  private Host() {}

  /** {@code out = x W} ({@code W [k, m]}) or {@code x W^T} ({@code W [m, k]}) when {@code transposed}. */
  static void matmul(HostTensor x, float[] w, boolean transposed, HostTensor out) {
    int k = x.cols();
    int m = out.cols();
    float[] a = x.data();
    float[] o = out.data();
    for (int r = 0; r < x.rows(); r++) {
      for (int j = 0; j < m; j++) {
        // Double accumulation: the head sums thousands of terms and must not add error of its own.
        double s = 0;
        for (int i = 0; i < k; i++) {
          s += (double) a[r * k + i] * (transposed ? w[j * k + i] : w[i * m + j]);
        }
        o[r * m + j] = (float) s;
      }
    }
  }

  /** {@code out = x + y}, {@code y} one row broadcast over the rows when {@code rowBroadcast}. */
  static void add(HostTensor x, float[] y, boolean rowBroadcast, HostTensor out) {
    float[] a = x.data();
    float[] o = out.data();
    int cols = x.cols();
    for (int i = 0; i < a.length; i++) {
      o[i] = a[i] + y[rowBroadcast ? i % cols : i];
    }
  }

  /** {@code out = max(x, 0)}. */
  static void relu(HostTensor x, HostTensor out) {
    float[] a = x.data();
    float[] o = out.data();
    for (int i = 0; i < a.length; i++) {
      o[i] = Math.max(a[i], 0f);
    }
  }
}
