package org.genimage.eval.calibration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.BadArgumentException;

/**
 * Platt scaling: a calibrated probability {@code 1 / (1 + exp(a * f + b))} of a raw output {@code f}
 * (a logit, or any score), in Platt's notation, so a detector whose output grows with FAKE gets
 * {@code a < 0}. Fitted as scikit-learn's {@code _sigmoid_calibration}: the cross-entropy against
 * Platt's smoothed targets {@code (N+ + 1) / (N+ + 2)} for fakes and {@code 1 / (N- + 2)} for reals
 * (which keeps {@code a} and {@code b} finite even on separable data), starting from {@code a = 0,
 * b = log((N- + 1) / (N+ + 1))}.
 *
 * <p>Unlike {@link TemperatureScaling} it can shift the decision point (through {@code b}) and flip
 * a backwards detector (through the sign of {@code a}). The fit is Newton's method with a
 * backtracking line search on this convex loss (Lin, Lin and Weng 2007; the optimiser {@link
 * LogisticModel} shares), deterministic and run to convergence; scikit-learn's BFGS stops within about 1e-6 of the same optimum.
 *
 * @param a the slope, finite
 * @param b the intercept, finite
 */
public record PlattScaling(double a, double b) implements Calibration {
  /** The name stored in files. */
  public static final String NAME = "platt";

  /**
   * Validates the parameters.
   *
   * @throws BadArgumentException unless both are finite
   */
  public PlattScaling {
    if (!Double.isFinite(a)) {
      throw new BadArgumentException("a", a, "a finite number");
    }
    if (!Double.isFinite(b)) {
      throw new BadArgumentException("b", b, "a finite number");
    }
  }

  /**
   * Fits {@code a} and {@code b} on validation outputs.
   *
   * @param labels 0 (REAL) or 1 (FAKE) per validation image
   * @param values the raw output per image (logits or scores), finite
   * @return the fitted Platt scaling
   * @throws BadArgumentException for different lengths, no samples, bad labels or non-finite values
   */
  public static PlattScaling fit(int[] labels, double[] values) {
    Fitting.check(labels, values, "values");
    int n = labels.length;
    double fakes = 0;
    for (int y : labels) {
      fakes += y;
    }
    double reals = n - fakes;
    double hiTarget = (fakes + 1) / (fakes + 2);
    double loTarget = 1 / (reals + 2);
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = labels[i] == 1 ? hiTarget : loTarget;
    }
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {values[i]};
    }
    // In the shared optimiser's form sigmoid(w v + c): w = -a, c = -b.
    double[] theta = {0, -Math.log((reals + 1) / (fakes + 1))};
    NewtonLogistic.fit(x, t, theta);
    double a = -theta[0];
    double b = -theta[1];
    return new PlattScaling(a, b);
  }

  /**
   * The name stored in files.
   *
   * @return {@value #NAME}
   */
  @Override
  public String name() {
    return NAME;
  }

  /**
   * The parameters.
   *
   * @return {@code {"a": a, "b": b}}
   */
  @Override
  public Map<String, Double> parameters() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("a", a);
    m.put("b", b);
    return Collections.unmodifiableMap(m);
  }

  /**
   * Calibrates a raw output.
   *
   * @param value the output the fit saw (logit or score)
   * @return {@code 1 / (1 + exp(a * value + b))}
   */
  @Override
  public double apply(double value) {
    return Fitting.sigmoid(-(a * value + b));
  }
}
