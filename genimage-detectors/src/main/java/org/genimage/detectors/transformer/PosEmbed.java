package org.genimage.detectors.transformer;

import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * Resamples a ViT position embedding to another grid, as timm's {@code resample_abs_pos_embed} does:
 * the class-token rows stay, the grid rows are resized with PyTorch's bicubic interpolation
 * ({@code F.interpolate(mode="bicubic", align_corners=False)}).
 *
 * <p>timm 0.9 and later pass {@code antialias=True} (PyTorch's antialiased kernel, Keys cubic with
 * a = -0.5, widened when shrinking, as Pillow); timm 0.6 used plain bicubic (a = -0.75, four taps, edge
 * replicated). Both are offered; they differ even when enlarging.
 */
final class PosEmbed {
  private PosEmbed() {}

  /**
   * Resamples an embedding.
   *
   * @param embedding {@code (prefix + oldGrid^2) * dim} values, row-major {@code [tokens, dim]}
   * @param prefix the number of leading non-grid tokens (1: the class token)
   * @param oldGrid the old grid side
   * @param newGrid the new grid side
   * @param dim the token width
   * @param antialias true for timm 0.9+ behaviour, false for timm 0.6
   * @return {@code (prefix + newGrid^2) * dim} values
   * @throws BadArgumentException if the length does not match the sizes
   */
  public static float[] resample(float[] embedding, int prefix, int oldGrid, int newGrid, int dim,
      boolean antialias) {
    Checks.notNull("embedding", embedding);
    Checks.nonNegative("prefix", prefix);
    Checks.positive("oldGrid", oldGrid);
    Checks.positive("newGrid", newGrid);
    Checks.positive("dim", dim);
    long expected = (long) (prefix + oldGrid * oldGrid) * dim;
    if (embedding.length != expected) {
      throw new BadArgumentException("embedding.length", embedding.length,
          expected + " = (" + prefix + " + " + oldGrid + "^2) * " + dim);
    }
    float[] out = new float[(prefix + newGrid * newGrid) * dim];
    System.arraycopy(embedding, 0, out, 0, prefix * dim);
    double[][] wt = antialias ? antialiasWeights(oldGrid, newGrid) : cubicWeights(oldGrid, newGrid);
    // separable: rows first into a [newGrid, oldGrid, dim] buffer, then columns
    double[] tmp = new double[newGrid * oldGrid * dim];
    int base = prefix * dim;
    for (int oy = 0; oy < newGrid; oy++) {
      for (int iy = 0; iy < oldGrid; iy++) {
        double w = wt[oy][iy];
        if (w == 0) {
          continue;
        }
        for (int x = 0; x < oldGrid; x++) {
          int src = base + (iy * oldGrid + x) * dim;
          int dst = (oy * oldGrid + x) * dim;
          for (int c = 0; c < dim; c++) {
            tmp[dst + c] += w * embedding[src + c];
          }
        }
      }
    }
    for (int oy = 0; oy < newGrid; oy++) {
      for (int ox = 0; ox < newGrid; ox++) {
        int dst = base + (oy * newGrid + ox) * dim;
        for (int ix = 0; ix < oldGrid; ix++) {
          double w = wt[ox][ix];
          if (w == 0) {
            continue;
          }
          int src = (oy * oldGrid + ix) * dim;
          for (int c = 0; c < dim; c++) {
            out[dst + c] += (float) (w * tmp[src + c]);
          }
        }
      }
    }
    return out;
  }

  /** PyTorch's upsample_bicubic2d (align_corners=False): four taps, A = -0.75, edges replicated. */
  static double[][] cubicWeights(int in, int out) {
    double scale = (double) in / out;
    double a = -0.75;
    double[][] w = new double[out][in];
    for (int i = 0; i < out; i++) {
      double src = (i + 0.5) * scale - 0.5;
      int x0 = (int) Math.floor(src);
      double t = src - x0;
      double[] c = {
        ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a,
        ((a + 2) * t - (a + 3)) * t * t + 1,
        ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1,
        ((a * (2 - t) - 5 * a) * (2 - t) + 8 * a) * (2 - t) - 4 * a};
      for (int k = 0; k < 4; k++) {
        int idx = Math.min(Math.max(x0 - 1 + k, 0), in - 1);
        w[i][idx] += c[k];
      }
    }
    return w;
  }

  /** PyTorch's antialiased bicubic (as Pillow): Keys cubic a = -0.5, support widened by the scale. */
  static double[][] antialiasWeights(int in, int out) {
    double scale = (double) in / out;
    double support = scale >= 1 ? 2 * scale : 2;
    double invScale = scale >= 1 ? 1 / scale : 1;
    double[][] w = new double[out][in];
    for (int i = 0; i < out; i++) {
      double center = scale * (i + 0.5);
      int xmin = Math.max((int) (center - support + 0.5), 0);
      int xmax = Math.min((int) (center + support + 0.5), in);
      double total = 0;
      for (int j = xmin; j < xmax; j++) {
        double v = keys((j - center + 0.5) * invScale);
        w[i][j] = v;
        total += v;
      }
      if (total != 0) {
        for (int j = xmin; j < xmax; j++) {
          w[i][j] /= total;
        }
      }
    }
    return w;
  }

  private static double keys(double x) {
    double a = -0.5;
    x = Math.abs(x);
    if (x < 1) {
      return ((a + 2) * x - (a + 3)) * x * x + 1;
    }
    if (x < 2) {
      return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0;
  }
}
