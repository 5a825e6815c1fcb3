package org.genimage.detectors.layers;

import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * The orthonormal type-II discrete cosine transform (DCT-II) and its inverse (DCT-III), in one and two
 * dimensions, as {@code scipy.fft.dctn(x, type=2, norm="ortho")} and {@code idctn} compute them.
 *
 * <p>It is the matrix formulation: {@code D[k][j] = c(k) cos(pi (j + 1/2) k / n)} with {@code c(0) =
 * sqrt(1/n)} and {@code c(k) = sqrt(2/n)} otherwise, so that {@code D} is orthogonal; the 2-D transform of
 * an {@code h x w} array {@code X} is {@code D_h X D_w^T} and its inverse {@code D_h^T Y D_w}. That costs
 * {@code O(h w (h + w))}, fine for the 10x10 windows of F3Net's LFS head and the 299x299 image of its FAD
 * head, and it is the same matrix that the SameDiff graphs use as a constant, so the graphs and this class
 * agree by construction. Instances are immutable and thread-safe.
 */
public final class Dct {
  private final int rows;
  private final int cols;
  private final double[] dRows;
  private final double[] dCols;

  /**
   * A 2-D transform for arrays of one shape.
   *
   * @param rows the number of rows, at least 1
   * @param cols the number of columns, at least 1
   */
  public Dct(int rows, int cols) {
    this.rows = Checks.positive("rows", rows);
    this.cols = Checks.positive("cols", cols);
    this.dRows = matrix(rows);
    this.dCols = matrix(cols);
  }

  /**
   * The orthonormal DCT-II matrix, row-major: row {@code k} is the {@code k}-th cosine basis vector.
   *
   * @param n the length, at least 1
   * @return {@code n * n} values
   */
  public static double[] matrix(int n) {
    Checks.positive("n", n);
    double[] d = new double[n * n];
    for (int k = 0; k < n; k++) {
      double c = k == 0 ? Math.sqrt(1.0 / n) : Math.sqrt(2.0 / n);
      for (int j = 0; j < n; j++) {
        d[k * n + j] = c * Math.cos(Math.PI * (j + 0.5) * k / n);
      }
    }
    return d;
  }

  /**
   * The orthonormal DCT-II matrix in single precision, row-major.
   *
   * @param n the length, at least 1
   * @return {@code n * n} values
   */
  public static float[] matrixFloat(int n) {
    double[] d = matrix(n);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /**
   * The number of rows this transform takes.
   *
   * @return rows
   */
  public int rows() {
    return rows;
  }

  /**
   * The number of columns this transform takes.
   *
   * @return columns
   */
  public int cols() {
    return cols;
  }

  /**
   * The 2-D DCT-II of a row-major array.
   *
   * @param x {@code rows * cols} values, not modified
   * @return the coefficients, row-major
   */
  public double[] forward(double[] x) {
    return apply(x, false);
  }

  /**
   * The inverse of {@link #forward(double[])} (the 2-D DCT-III, orthonormal).
   *
   * @param y {@code rows * cols} coefficients, not modified
   * @return the values, row-major
   */
  public double[] inverse(double[] y) {
    return apply(y, true);
  }

  private double[] apply(double[] x, boolean inverse) {
    Checks.notNull("x", x);
    if (x.length != rows * cols) {
      throw new BadArgumentException("x.length", x.length, "rows * cols = " + rows * cols);
    }
    // tmp = A X where A = D_rows (forward) or D_rows^T (inverse); then out = tmp B with B = D_cols^T or D_cols
    double[] tmp = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < rows; k++) {
        double a = inverse ? dRows[k * rows + i] : dRows[i * rows + k];
        if (a == 0) {
          continue;
        }
        int xo = k * cols;
        int to = i * cols;
        for (int j = 0; j < cols; j++) {
          tmp[to + j] += a * x[xo + j];
        }
      }
    }
    double[] out = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      int to = i * cols;
      for (int j = 0; j < cols; j++) {
        double s = 0;
        for (int k = 0; k < cols; k++) {
          // (tmp D^T)[i][j] = sum_k tmp[i][k] D[j][k];  (tmp D)[i][j] = sum_k tmp[i][k] D[k][j]
          s += tmp[to + k] * (inverse ? dCols[k * cols + j] : dCols[j * cols + k]);
        }
        out[to + j] = s;
      }
    }
    return out;
  }
}
