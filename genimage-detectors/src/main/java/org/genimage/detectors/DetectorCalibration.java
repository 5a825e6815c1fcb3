package org.genimage.detectors;

import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.internal.Checks;
import org.genimage.eval.calibration.Calibration;
import org.genimage.eval.calibration.PlattScaling;
import org.genimage.eval.calibration.TemperatureScaling;

/**
 * A calibration stored in a detector file and applied by its {@code score()}: the fitted map from the
 * network's raw logit ({@link Head#logit}) to P(FAKE), and where it was fitted.
 *
 * @param calibration the fitted calibration (temperature or Platt scaling)
 * @param fittedOn the validation data it was fitted on
 */
public record DetectorCalibration(Calibration calibration, ValidationFit fittedOn) {
  /** Prefix of the provenance notes a calibrated detector's {@code info()} adds. */
  public static final String NOTE_PREFIX = "calibration.";

  /**
   * Validates the components.
   *
   * @throws org.genimage.api.BadArgumentException for a null component
   */
  public DetectorCalibration {
    Checks.notNull("calibration", calibration);
    Checks.notNull("fittedOn", fittedOn);
  }

  /**
   * The calibrated P(FAKE) of a raw logit.
   *
   * @param rawLogit the network's logit ({@link Head#logit})
   * @return {@code calibration().apply(rawLogit)}
   */
  public double probability(double rawLogit) {
    return calibration.apply(rawLogit);
  }

  /**
   * The calibrated logit of a raw logit, computed without going through a probability (which
   * saturates), clamped as {@link Logits#clamp}.
   *
   * @param rawLogit the network's logit
   * @return {@code z / T} for temperature scaling, {@code -(a z + b)} for Platt scaling
   */
  public double logit(double rawLogit) {
    double z;
    if (calibration instanceof TemperatureScaling t) {
      z = rawLogit / t.temperature();
    } else {
      PlattScaling p = (PlattScaling) calibration;
      z = -(p.a() * rawLogit + p.b());
    }
    return Logits.clamp(z);
  }

  /**
   * The provenance notes that record this calibration: {@code calibration.method},
   * {@code calibration.<parameter>}, {@code calibration.validation.manifest} and
   * {@code calibration.validation.samples}.
   *
   * @return the notes, in a fixed order
   */
  public Map<String, String> notes() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(NOTE_PREFIX + "method", calibration.name());
    calibration.parameters().forEach((k, v) -> m.put(NOTE_PREFIX + k, Double.toString(v)));
    if (!fittedOn.manifest().isEmpty()) {
      m.put(NOTE_PREFIX + "validation.manifest", fittedOn.manifest());
    }
    m.put(NOTE_PREFIX + "validation.samples", Integer.toString(fittedOn.samples()));
    return m;
  }
}
