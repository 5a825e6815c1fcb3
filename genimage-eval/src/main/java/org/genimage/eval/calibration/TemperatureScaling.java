package org.genimage.eval.calibration;

import java.util.Map;
import org.genimage.api.BadArgumentException;

/**
 * Temperature scaling (Guo et al. 2017): a calibrated probability {@code sigmoid(logit / T)} with one
 * temperature {@code T > 0} fitted on validation data by minimising the negative log-likelihood. It
 * keeps the ranking (AUC, TPR at FPR) and the 0.5 decision point unchanged and only stretches
 * ({@code T < 1}) or flattens ({@code T > 1}) the confidences: an overconfident detector gets
 * {@code T > 1}.
 *
 * <p>The fit solves for {@code beta = 1 / T}, where the loss is convex: the root of its derivative,
 * found by Newton steps kept inside a shrinking bracket, to machine precision and deterministically.
 * The temperature is searched in [{@link #MIN_TEMPERATURE}, {@link #MAX_TEMPERATURE}]: on separable
 * validation data the likelihood keeps improving as {@code T -> 0} and the fit stops at the lower
 * bound; logits that rank the classes backwards stop it at the upper bound (scores near 0.5).
 *
 * @param temperature the temperature, positive and finite
 */
public record TemperatureScaling(double temperature) implements Calibration {
  /** The name stored in files. */
  public static final String NAME = "temperature";
  /** The smallest temperature the fit returns. */
  public static final double MIN_TEMPERATURE = 0.01;
  /** The largest temperature the fit returns. */
  public static final double MAX_TEMPERATURE = 100;

  /**
   * Validates the temperature.
   *
   * @throws BadArgumentException unless it is positive and finite
   */
  public TemperatureScaling {
    if (!(temperature > 0 && Double.isFinite(temperature))) {
      throw new BadArgumentException("temperature", temperature, "a positive finite number");
    }
  }

  /**
   * Fits the temperature that minimises the negative log-likelihood of the validation labels.
   *
   * @param labels 0 (REAL) or 1 (FAKE) per validation image
   * @param logits the detector's logit of FAKE per image, finite
   * @return the fitted temperature scaling
   * @throws BadArgumentException for different lengths, no samples, bad labels or non-finite logits
   */
  public static TemperatureScaling fit(int[] labels, double[] logits) {
    Fitting.check(labels, logits, "logits");
    double lo = 1 / MAX_TEMPERATURE;
    double hi = 1 / MIN_TEMPERATURE;
    if (slope(labels, logits, lo) >= 0) {
      return new TemperatureScaling(MAX_TEMPERATURE);
    }
    if (slope(labels, logits, hi) <= 0) {
      return new TemperatureScaling(MIN_TEMPERATURE);
    }
    // The loss's derivative in beta is increasing: keep a bracket [lo, hi] around its root and
    // take Newton steps inside it, halving the bracket whenever a step would leave it.
    double beta = Math.min(Math.max(1.0, lo), hi);
    for (int it = 0; it < 200; it++) {
      double g = slope(labels, logits, beta);
      if (g == 0) {
        break;
      }
      if (g < 0) {
        lo = beta;
      } else {
        hi = beta;
      }
      double h = curvature(logits, beta);
      double next = h > 0 ? beta - g / h : Double.NaN;
      if (!(next > lo && next < hi)) {
        next = lo + (hi - lo) / 2;
      }
      if (Math.abs(next - beta) <= 1e-15 * beta || hi - lo <= 4 * Math.ulp(beta)) {
        beta = next;
        break;
      }
      beta = next;
    }
    return new TemperatureScaling(1 / beta);
  }

  /** The derivative of the summed loss in beta: {@code sum (sigmoid(beta z) - y) z}. */
  private static double slope(int[] labels, double[] z, double beta) {
    double g = 0;
    for (int i = 0; i < z.length; i++) {
      g += (Fitting.sigmoid(beta * z[i]) - labels[i]) * z[i];
    }
    return g;
  }

  private static double curvature(double[] z, double beta) {
    double h = 0;
    for (double v : z) {
      double p = Fitting.sigmoid(beta * v);
      h += p * (1 - p) * v * v;
    }
    return h;
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
   * @return {@code {"temperature": T}}
   */
  @Override
  public Map<String, Double> parameters() {
    return Map.of("temperature", temperature);
  }

  /**
   * Calibrates a logit.
   *
   * @param logit the detector's logit of FAKE
   * @return {@code sigmoid(logit / T)}
   */
  @Override
  public double apply(double logit) {
    return Fitting.sigmoid(logit / temperature);
  }
}
