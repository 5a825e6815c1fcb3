package org.genimage.detectors.clip;

import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Label;
import org.genimage.api.internal.Checks;

/**
 * L2-regularised logistic regression fitted by Newton's method, in plain Java: the linear probe of UnivFD on
 * cached embeddings. Minimises the mean binary cross-entropy of {@code sigmoid(w . x + b)} against the labels
 * plus {@code l2 / 2 |w|^2} (the bias is not penalised). The objective is strictly convex for {@code l2 > 0},
 * so Newton's steps (with a backtracking line search, from zero) converge to its unique minimum in a handful of
 * iterations whatever the scale of the features; each costs {@code O(n dim^2)} for the Hessian plus
 * {@code O(dim^3)} for its Cholesky factorisation (a second or so for a few thousand 768-wide embeddings).
 * Stateless.
 */
public final class LinearProbe {
  private LinearProbe() {}

  /**
   * The fitting options.
   *
   * @param l2 the L2 penalty on the weights, {@code > 0} (keeps separable data from driving the weights to
   *     infinity)
   * @param maxIterations the most Newton steps
   * @param tolerance stop when the largest gradient component is below this
   */
  public record Options(double l2, int maxIterations, double tolerance) {
    /** Validates the components. */
    public Options {
      Checks.inRange("l2", l2, 1e-12, 1e6);
      Checks.inRange("maxIterations", maxIterations, 1, 10_000);
      Checks.inRange("tolerance", tolerance, 0.0, 1.0);
    }

    /**
     * l2 1e-3, at most 50 steps, gradient tolerance 1e-7.
     *
     * @return the defaults
     */
    public static Options defaults() {
      return new Options(1e-3, 50, 1e-7);
    }
  }

  /**
   * A fitted probe.
   *
   * @param weight one weight per feature
   * @param bias the bias
   * @param iterations the Newton steps taken
   * @param loss the objective at the result (mean cross-entropy plus the penalty)
   * @param gradientNorm the largest absolute gradient component at the result
   */
  public record Fit(float[] weight, float bias, int iterations, double loss, double gradientNorm) {
    /** Copies the weights. */
    public Fit {
      weight = Checks.notNull("weight", weight).clone();
    }

    /**
     * The weights (a copy).
     *
     * @return one per feature
     */
    @Override
    public float[] weight() {
      return weight.clone();
    }

    /**
     * The probe's logit for one row of features.
     *
     * @param x features
     * @param offset where the row starts
     * @return {@code w . x + b}
     */
    public double logit(float[] x, int offset) {
      double z = bias;
      for (int j = 0; j < weight.length; j++) {
        z += weight[j] * (double) x[offset + j];
      }
      return z;
    }
  }

  /**
   * Fits the probe on cached features.
   *
   * @param features the training features
   * @param options the options
   * @return the fit
   * @throws BadArgumentException when a class is absent
   */
  public static Fit fit(ClipFeatures features, Options options) {
    Checks.notNull("features", features);
    List<Label> labels = features.labels();
    double[] y = new double[labels.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels.get(i).index();
    }
    return fit(features.values(), y, features.dim(), options);
  }

  /**
   * Fits the probe.
   *
   * @param x row-major features {@code [y.length, dim]}
   * @param y targets, 0 or 1
   * @param dim the feature width
   * @param options the options
   * @return the fit
   * @throws BadArgumentException on inconsistent sizes, targets other than 0 and 1, or a class absent
   */
  public static Fit fit(float[] x, double[] y, int dim, Options options) {
    Checks.notNull("x", x);
    Checks.notNull("y", y);
    Checks.positive("dim", dim);
    Checks.notNull("options", options);
    int n = y.length;
    if ((long) n * dim != x.length) {
      throw new BadArgumentException("x.length", x.length, n + " x " + dim);
    }
    int pos = 0;
    for (int i = 0; i < n; i++) {
      if (y[i] != 0 && y[i] != 1) {
        throw new BadArgumentException("y[" + i + "]", y[i], "0 or 1");
      }
      pos += (int) y[i];
    }
    if (pos == 0 || pos == n) {
      throw new BadArgumentException("labels", "both classes (got " + pos + " fake of " + n + ")");
    }
    int p = dim + 1; // the last coordinate is the bias
    double[] theta = new double[p];
    double[] z = new double[n];
    double loss = objective(x, y, dim, theta, options.l2(), z);
    double[] grad = new double[p];
    int it = 0;
    double gmax = gradient(x, y, dim, theta, options.l2(), z, grad);
    while (it < options.maxIterations() && gmax > options.tolerance()) {
      double[] step = solve(hessian(x, dim, z, options.l2()), grad);
      double slope = 0;
      for (int j = 0; j < p; j++) {
        slope -= grad[j] * step[j];
      }
      double t = 1;
      double[] next = new double[p];
      double nextLoss;
      double[] nextZ = new double[n];
      while (true) {
        for (int j = 0; j < p; j++) {
          next[j] = theta[j] - t * step[j];
        }
        nextLoss = objective(x, y, dim, next, options.l2(), nextZ);
        // Armijo's condition; past 30 halvings the step is below rounding
        if (nextLoss <= loss + 1e-4 * t * slope || t < 1e-9) {
          break;
        }
        t /= 2;
      }
      if (nextLoss > loss) {
        break; // no descent left at machine precision: theta is the minimum to rounding
      }
      it++;
      theta = next;
      z = nextZ;
      loss = nextLoss;
      gmax = gradient(x, y, dim, theta, options.l2(), z, grad);
    }
    gmax = gradient(x, y, dim, theta, options.l2(), z, grad);
    float[] w = new float[dim];
    for (int j = 0; j < dim; j++) {
      w[j] = (float) theta[j];
    }
    return new Fit(w, (float) theta[dim], it, loss, gmax);
  }

  /** The objective at theta; fills z with the logits. */
  private static double objective(float[] x, double[] y, int dim, double[] theta, double l2, double[] z) {
    int n = y.length;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double zi = theta[dim];
      int off = i * dim;
      for (int j = 0; j < dim; j++) {
        zi += theta[j] * x[off + j];
      }
      z[i] = zi;
      // log(1 + e^z) - y z, written to stay finite for large |z|
      sum += Math.max(zi, 0) + Math.log1p(Math.exp(-Math.abs(zi))) - y[i] * zi;
    }
    double reg = 0;
    for (int j = 0; j < dim; j++) {
      reg += theta[j] * theta[j];
    }
    return sum / n + 0.5 * l2 * reg;
  }

  /** The gradient at the logits z into grad; returns its largest absolute component. */
  private static double gradient(float[] x, double[] y, int dim, double[] theta, double l2, double[] z,
      double[] grad) {
    int n = y.length;
    java.util.Arrays.fill(grad, 0);
    for (int i = 0; i < n; i++) {
      double r = sigmoid(z[i]) - y[i];
      int off = i * dim;
      for (int j = 0; j < dim; j++) {
        grad[j] += r * x[off + j];
      }
      grad[dim] += r;
    }
    double max = 0;
    for (int j = 0; j <= dim; j++) {
      grad[j] = grad[j] / n + (j < dim ? l2 * theta[j] : 0);
      max = Math.max(max, Math.abs(grad[j]));
    }
    return max;
  }

  /** The Hessian (lower triangle filled) at the logits z. */
  private static double[][] hessian(float[] x, int dim, double[] z, double l2) {
    int n = z.length;
    int p = dim + 1;
    double[][] h = new double[p][p];
    double[] row = new double[p];
    row[dim] = 1;
    for (int i = 0; i < n; i++) {
      double s = sigmoid(z[i]);
      double wgt = s * (1 - s) / n;
      if (wgt == 0) {
        continue;
      }
      int off = i * dim;
      for (int j = 0; j < dim; j++) {
        row[j] = x[off + j];
      }
      for (int a = 0; a < p; a++) {
        double ra = wgt * row[a];
        double[] ha = h[a];
        for (int b = 0; b <= a; b++) {
          ha[b] += ra * row[b];
        }
      }
    }
    for (int a = 0; a < dim; a++) {
      h[a][a] += l2;
    }
    // the bias is unpenalised: a tiny ridge keeps its row positive when every sample is fitted exactly
    h[dim][dim] += 1e-12;
    return h;
  }

  /** Solves H s = g for symmetric positive-definite H (lower triangle) by Cholesky. */
  private static double[] solve(double[][] h, double[] g) {
    int p = g.length;
    double[][] l = new double[p][];
    for (int a = 0; a < p; a++) {
      l[a] = new double[a + 1];
      for (int b = 0; b <= a; b++) {
        double s = h[a][b];
        double[] la = l[a];
        double[] lb = l[b];
        for (int k = 0; k < b; k++) {
          s -= la[k] * lb[k];
        }
        if (a == b) {
          la[a] = Math.sqrt(Math.max(s, 1e-300));
        } else {
          la[b] = s / lb[b];
        }
      }
    }
    double[] u = new double[p];
    for (int a = 0; a < p; a++) {
      double s = g[a];
      for (int k = 0; k < a; k++) {
        s -= l[a][k] * u[k];
      }
      u[a] = s / l[a][a];
    }
    double[] s = new double[p];
    for (int a = p - 1; a >= 0; a--) {
      double v = u[a];
      for (int k = a + 1; k < p; k++) {
        v -= l[k][a] * s[k];
      }
      s[a] = v / l[a][a];
    }
    return s;
  }

  private static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }
}
