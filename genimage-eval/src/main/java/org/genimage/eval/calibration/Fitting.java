package org.genimage.eval.calibration;

import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/** What the fits share: input checks, a stable logistic loss and sigmoid, parameter lookup. */
final class Fitting {
  private Fitting() {}

  static void check(int[] labels, double[] values, String valuesName) {
    Checks.notNull("labels", labels);
    Checks.notNull(valuesName, values);
    if (labels.length != values.length) {
      throw new BadArgumentException(valuesName, "has " + values.length + " values but labels has "
          + labels.length + "; they must be the same length");
    }
    if (labels.length == 0) {
      throw new BadArgumentException("labels", "is empty; a calibration needs validation samples");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new BadArgumentException("labels[" + i + "]", labels[i], "0 (REAL) or 1 (FAKE)");
      }
      if (!Double.isFinite(values[i])) {
        throw new BadArgumentException(valuesName + "[" + i + "]", values[i], "a finite number");
      }
    }
  }

  /** {@code 1 / (1 + exp(-u))} without overflow. */
  static double sigmoid(double u) {
    if (u >= 0) {
      return 1 / (1 + Math.exp(-u));
    }
    double e = Math.exp(u);
    return e / (1 + e);
  }

  /** {@code log(1 + exp(x))} without overflow. */
  static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** Cross-entropy of target {@code t} against {@code sigmoid(u)}. */
  static double loss(double t, double u) {
    return t * softplus(-u) + (1 - t) * softplus(u);
  }

  static double parameter(Map<String, Double> parameters, String method, String key) {
    Double v = parameters.get(key);
    if (v == null || !Double.isFinite(v)) {
      throw new BadArgumentException("parameters", parameters, "a finite \"" + key + "\" for "
          + method + " calibration");
    }
    return v;
  }
}
