package org.genimage.eval;

import org.genimage.api.internal.Checks;

/**
 * An image left out of a cell's scores because it could not be loaded.
 *
 * @param sampleId the sample's id
 * @param path the image file as text
 * @param problem what was wrong with it
 */
public record SkippedImage(String sampleId, String path, String problem) {
  /**
   * Validates the components.
   *
   * @throws org.genimage.api.BadArgumentException for a null component
   */
  public SkippedImage {
    Checks.notNull("sampleId", sampleId);
    Checks.notNull("path", path);
    Checks.notNull("problem", problem);
  }
}
