package org.genimage.detectors.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.junit.jupiter.api.Test;

/**
 * The Newton probe reaches the minimum of its objective: the gradient, recomputed here independently in the
 * plain textbook form, vanishes at the fit, and nudging any weight raises the objective; the penalty shrinks the
 * weights; a single class is refused.
 */
class LinearProbeTest {
  /** Two Gaussian classes in 12 dimensions whose means differ along the first two axes; offset features. */
  static float[] features(int n, int dim, double[] y, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * dim];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      for (int j = 0; j < dim; j++) {
        double shift = j < 2 && y[i] == 1 ? 1.0 : 0.0;
        x[i * dim + j] = (float) (3 + shift + r.nextGaussian() * (j == 0 ? 2 : 1));
      }
    }
    return x;
  }

  static double objective(float[] x, double[] y, int dim, double[] w, double b, double l2) {
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      double z = b;
      for (int j = 0; j < dim; j++) {
        z += w[j] * x[i * dim + j];
      }
      double p = 1 / (1 + Math.exp(-z));
      s += -(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
    }
    double reg = 0;
    for (double v : w) {
      reg += v * v;
    }
    return s / y.length + l2 / 2 * reg;
  }

  @Test
  void theFitIsTheMinimumOfThePenalisedCrossEntropy() {
    int n = 400;
    int dim = 12;
    double[] y = new double[n];
    float[] x = features(n, dim, y, 5);
    double l2 = 1e-2;
    LinearProbe.Fit fit = LinearProbe.fit(x, y, dim, new LinearProbe.Options(l2, 50, 1e-10));
    double[] w = new double[dim];
    for (int j = 0; j < dim; j++) {
      w[j] = fit.weight()[j];
    }
    // textbook gradient: mean (p - y) x + l2 w, and mean (p - y) for the bias
    double[] g = new double[dim + 1];
    for (int i = 0; i < n; i++) {
      double z = fit.bias();
      for (int j = 0; j < dim; j++) {
        z += w[j] * x[i * dim + j];
      }
      double r = 1 / (1 + Math.exp(-z)) - y[i];
      for (int j = 0; j < dim; j++) {
        g[j] += r * x[i * dim + j] / n;
      }
      g[dim] += r / n;
    }
    for (int j = 0; j < dim; j++) {
      g[j] += l2 * w[j];
    }
    for (double v : g) {
      assertThat(Math.abs(v)).isLessThan(1e-5); // float weights limit it, not the solver
    }
    double at = objective(x, y, dim, w, fit.bias(), l2);
    assertThat(fit.loss()).isCloseTo(at, org.assertj.core.data.Offset.offset(1e-6));
    for (int j = 0; j < dim; j++) {
      for (double d : new double[] {-1e-2, 1e-2}) {
        double[] v = w.clone();
        v[j] += d;
        assertThat(objective(x, y, dim, v, fit.bias(), l2)).isGreaterThan(at);
      }
    }
    // the informative axes carry the largest weights, and with the positive sign
    assertThat(w[1]).isGreaterThan(0.3);
    for (int j = 2; j < dim; j++) {
      assertThat(Math.abs(w[j])).isLessThan(w[1]);
    }
    assertThat(fit.iterations()).isLessThan(20);
  }

  @Test
  void aLargerPenaltyShrinksTheWeightsAndSeparableDataStaysFinite() {
    int n = 200;
    int dim = 12;
    double[] y = new double[n];
    float[] x = features(n, dim, y, 9);
    for (int i = 0; i < n; i++) {
      x[i * dim + 5] = (float) (y[i] * 10); // one axis separates the classes perfectly
    }
    double small = norm(LinearProbe.fit(x, y, dim, new LinearProbe.Options(1e-4, 100, 1e-9)).weight());
    double large = norm(LinearProbe.fit(x, y, dim, new LinearProbe.Options(1e-1, 100, 1e-9)).weight());
    assertThat(small).isFinite().isGreaterThan(large);
  }

  @Test
  void oneClassOrBadTargetsAreRefused() {
    assertThatThrownBy(() -> LinearProbe.fit(new float[4], new double[] {1, 1}, 2, LinearProbe.Options.defaults()))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("both classes");
    assertThatThrownBy(() -> LinearProbe.fit(new float[4], new double[] {0, 2}, 2, LinearProbe.Options.defaults()))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("y[1]");
    assertThatThrownBy(() -> LinearProbe.fit(new float[5], new double[] {0, 1}, 2, LinearProbe.Options.defaults()))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("x.length");
    assertThatThrownBy(() -> new LinearProbe.Options(0, 10, 1e-6)).isInstanceOf(BadArgumentException.class);
  }

  static double norm(float[] w) {
    double s = 0;
    for (float v : w) {
      s += v * (double) v;
    }
    return Math.sqrt(s);
  }
}
