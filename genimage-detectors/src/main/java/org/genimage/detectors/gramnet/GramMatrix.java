package org.genimage.detectors.gramnet;

import org.genimage.api.internal.Checks;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The normalised Gram matrix of a feature map, {@code G = F F^T / (C H W)} with {@code F} the map
 * reshaped to {@code [C, H W]}, as GramNet's texture branches compute it (one {@code C x C} map per image,
 * returned with a singleton channel so that convolutions can follow).
 */
final class GramMatrix {
  private GramMatrix() {
  }

  /**
   * The Gram matrices of a batch, in a SameDiff graph.
   *
   * @param f feature maps {@code [N, C, H, W]}
   * @param channels {@code C}
   * @param height {@code H}
   * @param width {@code W}
   * @return {@code [N, 1, C, C]}
   */
  public static SDVariable of(SDVariable f, int channels, int height, int width) {
    Checks.notNull("f", f);
    SameDiff sd = f.getSameDiff();
    SDVariable flat = sd.reshape(f, -1, channels, (long) height * width);
    SDVariable g = sd.mmul(flat, flat, false, true, false);
    g = g.div((double) channels * height * width);
    return sd.reshape(g, -1, 1, channels, channels);
  }

  /**
   * The Gram matrix of one map, directly in double precision (the reference for tests and a CPU path).
   *
   * @param f values {@code [C][H * W]}, row-major
   * @param channels {@code C}
   * @param pixels {@code H * W}
   * @return {@code C * C} values, row-major
   */
  public static double[] direct(float[] f, int channels, int pixels) {
    Checks.notNull("f", f);
    double[] g = new double[channels * channels];
    for (int a = 0; a < channels; a++) {
      for (int b = 0; b < channels; b++) {
        double s = 0;
        for (int k = 0; k < pixels; k++) {
          s += (double) f[a * pixels + k] * f[b * pixels + k];
        }
        g[a * channels + b] = s / ((double) channels * pixels);
      }
    }
    return g;
  }
}
