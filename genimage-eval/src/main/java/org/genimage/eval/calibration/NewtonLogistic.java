package org.genimage.eval.calibration;

/**
 * The one optimiser of this package: Newton's method with a backtracking (Armijo) line search on the
 * cross-entropy of soft targets {@code t} in [0, 1] against {@code sigmoid(x . w + c)}, a convex
 * loss (Lin, Lin and Weng 2007 for the one-feature case Platt scaling uses). Deterministic, run until
 * the gradient vanishes or no decrease is representable, at most {@link #MAX_ITERATIONS} steps.
 */
final class NewtonLogistic {
  /** Newton steps at most; a fit that converges takes a dozen or so. */
  static final int MAX_ITERATIONS = 100;
  /** A ridge on the Hessian's diagonal only, so the system stays solvable when a feature is constant. */
  private static final double RIDGE = 1e-12;

  private NewtonLogistic() {}

  /**
   * Minimises {@code sum_i loss(t_i, x_i . w + c)}.
   *
   * @param x the features, one row per sample, all rows {@code k} long, finite
   * @param t the targets in [0, 1]
   * @param start {@code k + 1} starting values, weights then intercept; overwritten by the result
   */
  static void fit(double[][] x, double[] t, double[] start) {
    int n = x.length;
    int k = start.length - 1;
    double[] theta = start;
    double f = loss(x, t, theta);
    double[] g = new double[k + 1];
    double[][] h = new double[k + 1][k + 1];
    double[] row = new double[k + 1];
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      java.util.Arrays.fill(g, 0);
      for (double[] hr : h) {
        java.util.Arrays.fill(hr, 0);
      }
      for (int i = 0; i < n; i++) {
        System.arraycopy(x[i], 0, row, 0, k);
        row[k] = 1;
        double p = Fitting.sigmoid(dot(row, theta));
        double d = p - t[i];
        double w = p * (1 - p);
        for (int a = 0; a <= k; a++) {
          g[a] += d * row[a];
          for (int b = 0; b <= a; b++) {
            h[a][b] += w * row[a] * row[b];
          }
        }
      }
      boolean small = true;
      for (double v : g) {
        small &= Math.abs(v) < 1e-12 * n;
      }
      if (small) {
        break;
      }
      for (int a = 0; a <= k; a++) {
        h[a][a] += RIDGE;
        for (int b = 0; b < a; b++) {
          h[b][a] = h[a][b];
        }
      }
      double[] step = solve(h, g);
      double slope = 0;
      for (int a = 0; a <= k; a++) {
        step[a] = -step[a];
        slope += g[a] * step[a];
      }
      double size = 1;
      boolean moved = false;
      double[] next = new double[k + 1];
      while (size >= 1e-10) {
        for (int a = 0; a <= k; a++) {
          next[a] = theta[a] + size * step[a];
        }
        double nf = loss(x, t, next);
        if (nf <= f + 1e-4 * size * slope) {
          moved = !java.util.Arrays.equals(next, theta);
          System.arraycopy(next, 0, theta, 0, k + 1);
          f = nf;
          break;
        }
        size /= 2;
      }
      if (!moved) {
        break; // no decrease representable: converged to machine precision
      }
    }
  }

  static double loss(double[][] x, double[] t, double[] theta) {
    int k = theta.length - 1;
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double u = theta[k];
      for (int a = 0; a < k; a++) {
        u += x[i][a] * theta[a];
      }
      s += Fitting.loss(t[i], u);
    }
    return s;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * Solves {@code h s = g} for a symmetric positive definite {@code h} by Gaussian elimination with
   * partial pivoting (the systems are tiny: one row per feature plus the intercept).
   */
  private static double[] solve(double[][] h, double[] g) {
    int m = g.length;
    double[][] a = new double[m][m + 1];
    for (int i = 0; i < m; i++) {
      System.arraycopy(h[i], 0, a[i], 0, m);
      a[i][m] = g[i];
    }
    for (int c = 0; c < m; c++) {
      int p = c;
      for (int r = c + 1; r < m; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
          p = r;
        }
      }
      double[] tmp = a[c];
      a[c] = a[p];
      a[p] = tmp;
      for (int r = c + 1; r < m; r++) {
        double f = a[r][c] / a[c][c];
        for (int j = c; j <= m; j++) {
          a[r][j] -= f * a[c][j];
        }
      }
    }
    double[] s = new double[m];
    for (int r = m - 1; r >= 0; r--) {
      double v = a[r][m];
      for (int j = r + 1; j < m; j++) {
        v -= a[r][j] * s[j];
      }
      s[r] = v / a[r][r];
    }
    return s;
  }
}
