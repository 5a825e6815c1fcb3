package org.genimage.eval;

import org.genimage.api.Dataset;
import org.genimage.api.ImageTransform;
import org.genimage.api.internal.Checks;

/**
 * One scored test set of a plan: a detector, a test set and a condition (clean, or a degradation).
 *
 * @param id a file-name-safe id, unique in the plan ({@code "score-sd14-on-midjourney"})
 * @param detectorKey the {@link TrainCell#id()} or given-detector key of the detector to use
 * @param testName the test set's name for reports ({@code "midjourney"})
 * @param test the test set
 * @param condition the condition's name for reports ({@code "clean"}, {@code "jpeg_q30"})
 * @param degradation the transform applied to the images the settings' {@link DegradationTarget}
 *     selects ({@link ImageTransform#identity()} for the clean condition)
 */
public record ScoreCell(String id, String detectorKey, String testName, Dataset test,
    String condition, ImageTransform degradation) {
  /** The condition name of undegraded images. */
  public static final String CLEAN = "clean";

  /**
   * Validates the components.
   *
   * @throws org.genimage.api.BadArgumentException for a null component or an unsafe id
   */
  public ScoreCell {
    TrainCell.checkId(id);
    Checks.notBlank("detectorKey", detectorKey);
    Checks.notBlank("testName", testName);
    Checks.notNull("test", test);
    Checks.notBlank("condition", condition);
    Checks.notNull("degradation", degradation);
  }

  /**
   * Whether this is the undegraded condition.
   *
   * @return true when the condition is {@link #CLEAN}
   */
  public boolean isClean() {
    return CLEAN.equals(condition);
  }
}
