package org.genimage.eval.calibration;

import java.util.Arrays;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * Unpenalised logistic regression on a few features: P(FAKE) {@code = sigmoid(w . x + bias)}, fitted
 * by maximum likelihood on validation data, as scikit-learn's {@code LogisticRegression(penalty=None)}.
 * Its use here is stacking, where the features are member detectors' logits. The fit is the same
 * deterministic Newton iteration with a backtracking line search as {@link PlattScaling}'s (which is
 * this model with one feature and smoothed targets), run to convergence in plain Java.
 *
 * <p>On validation data that the features separate perfectly the unpenalised optimum lies at
 * infinity: the fit then stops after its last Newton step with large weights, which still rank the
 * samples but are overconfident; use more (or harder) validation data.
 *
 * @param weights one weight per feature, finite (copied)
 * @param bias the intercept, finite
 */
public record LogisticModel(double[] weights, double bias) {
  /**
   * Validates and copies the parameters.
   *
   * @throws BadArgumentException for no weights or a non-finite value
   */
  public LogisticModel {
    Checks.notNull("weights", weights);
    if (weights.length == 0) {
      throw new BadArgumentException("weights", "is empty; a logistic model needs a feature");
    }
    weights = weights.clone();
    for (int i = 0; i < weights.length; i++) {
      if (!Double.isFinite(weights[i])) {
        throw new BadArgumentException("weights[" + i + "]", weights[i], "a finite number");
      }
    }
    if (!Double.isFinite(bias)) {
      throw new BadArgumentException("bias", bias, "a finite number");
    }
  }

  /**
   * Fits the weights and bias that maximise the likelihood of the labels.
   *
   * @param labels 0 (REAL) or 1 (FAKE) per sample
   * @param features one row of finite features per sample, all rows the same length
   * @return the fitted model
   * @throws BadArgumentException for different lengths, no samples, ragged rows, bad labels or
   *     non-finite features
   */
  public static LogisticModel fit(int[] labels, double[][] features) {
    Checks.notNull("features", features);
    Checks.notNull("labels", labels);
    if (features.length != labels.length) {
      throw new BadArgumentException("features", "has " + features.length + " rows but labels has "
          + labels.length + "; they must be the same length");
    }
    if (labels.length == 0) {
      throw new BadArgumentException("labels", "is empty; a fit needs validation samples");
    }
    int k = Checks.notNull("features[0]", features[0]).length;
    if (k == 0) {
      throw new BadArgumentException("features[0]", "is empty; a logistic model needs a feature");
    }
    double[][] x = new double[features.length][];
    double[] t = new double[labels.length];
    for (int i = 0; i < features.length; i++) {
      double[] row = Checks.notNull("features[" + i + "]", features[i]);
      if (row.length != k) {
        throw new BadArgumentException("features[" + i + "]", "has " + row.length
            + " values, the first row " + k);
      }
      if (labels[i] != 0 && labels[i] != 1) {
        throw new BadArgumentException("labels[" + i + "]", labels[i], "0 (REAL) or 1 (FAKE)");
      }
      for (int j = 0; j < k; j++) {
        if (!Double.isFinite(row[j])) {
          throw new BadArgumentException("features[" + i + "][" + j + "]", row[j], "a finite number");
        }
      }
      x[i] = row.clone();
      t[i] = labels[i];
    }
    double[] theta = new double[k + 1];
    NewtonLogistic.fit(x, t, theta);
    return new LogisticModel(Arrays.copyOf(theta, k), theta[k]);
  }

  /**
   * The weights.
   *
   * @return a copy
   */
  @Override
  public double[] weights() {
    return weights.clone();
  }

  /**
   * The number of features.
   *
   * @return the weights' length
   */
  public int features() {
    return weights.length;
  }

  /**
   * The model's logit of FAKE for one sample.
   *
   * @param x the features, {@link #features()} long
   * @return {@code w . x + bias}
   * @throws BadArgumentException for the wrong number of features
   */
  public double logit(double[] x) {
    Checks.notNull("x", x);
    if (x.length != weights.length) {
      throw new BadArgumentException("x", "has " + x.length + " features, the model " + weights.length);
    }
    double u = bias;
    for (int i = 0; i < x.length; i++) {
      u += weights[i] * x[i];
    }
    return u;
  }

  /**
   * The model's P(FAKE) for one sample.
   *
   * @param x the features
   * @return {@code sigmoid(logit(x))}
   */
  public double apply(double[] x) {
    return Fitting.sigmoid(logit(x));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogisticModel m && Arrays.equals(weights, m.weights)
        && Double.compare(bias, m.bias) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(weights) + Double.hashCode(bias);
  }

  @Override
  public String toString() {
    return "LogisticModel[weights=" + Arrays.toString(weights) + ", bias=" + bias + "]";
  }
}
