package org.genimage.eval.calibration;

import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * A fitted map from a detector's raw output to a calibrated P(FAKE). Implementations are immutable
 * records with a {@link #name()} and named {@link #parameters()}, which is all a file needs to store
 * to {@link #restore} them.
 */
public sealed interface Calibration permits TemperatureScaling, PlattScaling {
  /**
   * The method's stable name, stored in files.
   *
   * @return {@code "temperature"} or {@code "platt"}
   */
  String name();

  /**
   * The fitted parameters by name, in a fixed order.
   *
   * @return an immutable map
   */
  Map<String, Double> parameters();

  /**
   * Calibrates one raw output (the value the calibration was fitted on, usually a logit).
   *
   * @param value the raw output
   * @return the calibrated P(FAKE) in [0, 1]
   */
  double apply(double value);

  /**
   * Calibrates a probability by way of its logit {@code log(p / (1 - p))}, for detectors whose
   * score is already P(FAKE) and whose calibration was fitted on those logits.
   *
   * @param probability P(FAKE) in [0, 1]; 0 and 1 map to logits of minus and plus infinity
   * @return the calibrated P(FAKE)
   * @throws BadArgumentException for a value outside [0, 1] or NaN
   */
  default double applyToProbability(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new BadArgumentException("probability", probability, "a probability in [0, 1]");
    }
    return apply(Math.log(probability) - Math.log1p(-probability));
  }

  /**
   * Rebuilds a calibration from its name and parameters, as written by a file.
   *
   * @param name {@code "temperature"} or {@code "platt"}
   * @param parameters {@code temperature}, or {@code a} and {@code b}
   * @return the calibration
   * @throws BadArgumentException for an unknown name, a missing or extra parameter or a bad value
   */
  static Calibration restore(String name, Map<String, Double> parameters) {
    Checks.notNull("name", name);
    Checks.notNull("parameters", parameters);
    Calibration c = switch (name) {
      case TemperatureScaling.NAME -> new TemperatureScaling(
          Fitting.parameter(parameters, TemperatureScaling.NAME, "temperature"));
      case PlattScaling.NAME -> new PlattScaling(Fitting.parameter(parameters, PlattScaling.NAME, "a"),
          Fitting.parameter(parameters, PlattScaling.NAME, "b"));
      default -> throw new BadArgumentException("name", name, "\"" + TemperatureScaling.NAME
          + "\" or \"" + PlattScaling.NAME + "\"");
    };
    if (!c.parameters().keySet().equals(parameters.keySet())) {
      throw new BadArgumentException("parameters", parameters, "exactly " + c.parameters().keySet()
          + " for " + name + " calibration");
    }
    return c;
  }
}
