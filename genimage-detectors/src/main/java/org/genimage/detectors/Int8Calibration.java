package org.genimage.detectors;

import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.onednn.graph.ActivationRanges;

/**
 * What an int8 forward pass ({@link org.genimage.api.Precision#INT8}) needs beyond the weights, stored in a
 * detector file: the activation ranges collected on calibration images, and which images. A detector with it
 * runs int8 when loaded with that precision; fp32 (the default) ignores it.
 *
 * @param ranges      the activation ranges ({@link NetworkDetector#activationRanges})
 * @param collectedOn the calibration images: their manifest hash and number
 */
public record Int8Calibration(ActivationRanges ranges, ValidationFit collectedOn) {
  /** Prefix of the provenance notes an int8-calibrated detector's {@code info()} adds. */
  public static final String NOTE_PREFIX = "int8.";

  /**
   * Validates the components.
   *
   * @throws org.genimage.api.BadArgumentException for a null component
   */
  public Int8Calibration {
    Checks.notNull("ranges", ranges);
    Checks.notNull("collectedOn", collectedOn);
  }

  /**
   * The provenance notes that record it: {@code int8.calibration.manifest}, {@code int8.calibration.samples} and
   * {@code int8.ranges}.
   *
   * @return the notes, in a fixed order
   */
  public Map<String, String> notes() {
    Map<String, String> m = new LinkedHashMap<>();
    if (!collectedOn.manifest().isEmpty()) {
      m.put(NOTE_PREFIX + "calibration.manifest", collectedOn.manifest());
    }
    m.put(NOTE_PREFIX + "calibration.samples", Integer.toString(collectedOn.samples()));
    m.put(NOTE_PREFIX + "ranges", Integer.toString(ranges.size()));
    return m;
  }
}
