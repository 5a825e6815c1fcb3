package org.genimage.detectors;

import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * Where something stored in a detector file (a calibration, a stacking ensemble's weights) was fitted:
 * the validation set's manifest hash ({@code org.genimage.eval.ManifestHash}: its sample ids and labels)
 * and its size. That data is not a test set: figures measured on it are optimistic.
 *
 * @param manifest the validation manifest's hash ({@code sha256:...}), or empty when unknown
 * @param samples the number of validation samples, positive
 */
public record ValidationFit(String manifest, int samples) {
  /**
   * Validates the components.
   *
   * @throws BadArgumentException for a null manifest or fewer than one sample
   */
  public ValidationFit {
    Checks.notNull("manifest", manifest);
    if (samples < 1) {
      throw new BadArgumentException("samples", samples, "at least 1");
    }
  }
}
