package org.genimage.eval;

import java.util.List;
import java.util.Optional;
import org.genimage.api.internal.Checks;
import org.genimage.eval.metrics.BinaryEvaluation;
import org.genimage.eval.metrics.FormatBaseline;
import org.genimage.eval.metrics.SizeBaseline;

/**
 * The evaluated outcome of one score cell.
 *
 * @param cellId the cell's id
 * @param detector the detector's name ({@link org.genimage.api.DetectorInfo#name()})
 * @param trainedOn what the detector was trained on ({@code "sd14"})
 * @param testSet the test set's name
 * @param testManifestHash the {@link ManifestHash} of the test set
 * @param condition {@code "clean"} or the degradation's name
 * @param conditionDescription the degradation's {@link org.genimage.api.ImageTransform#description()}
 * @param evaluation the metrics
 * @param scores the raw scores (for histograms and re-evaluation)
 * @param formatBaseline the AUC of the file format alone on the same images, present only when the
 *     scored images are of at least two format kinds (as the detector loaded them: under a bias control
 *     with a JPEG quality every fake is a JPEG); reports show it beside the detector's AUC
 * @param sizeBaseline the AUC of the image size alone on the same images, present only when the
 *     scored images have at least two sizes and both classes, and their sizes were recorded ({@link
 *     CellScores#sizesRecorded()}); reports show it beside the format-only AUC
 */
public record CellResult(String cellId, String detector, String trainedOn, String testSet,
    String testManifestHash, String condition, String conditionDescription,
    BinaryEvaluation evaluation, CellScores scores, Optional<FormatBaseline> formatBaseline,
    Optional<SizeBaseline> sizeBaseline) {
  /**
   * Validates the components.
   *
   * @throws org.genimage.api.BadArgumentException for a null component
   */
  public CellResult {
    Checks.notBlank("cellId", cellId);
    Checks.notBlank("detector", detector);
    Checks.notBlank("trainedOn", trainedOn);
    Checks.notBlank("testSet", testSet);
    Checks.notNull("testManifestHash", testManifestHash);
    Checks.notBlank("condition", condition);
    Checks.notNull("conditionDescription", conditionDescription);
    Checks.notNull("evaluation", evaluation);
    Checks.notNull("scores", scores);
    Checks.notNull("formatBaseline", formatBaseline);
    Checks.notNull("sizeBaseline", sizeBaseline);
  }

  /**
   * A result without a size-only baseline (the constructor from before the baseline existed).
   *
   * @param cellId the cell's id
   * @param detector the detector's name
   * @param trainedOn what the detector was trained on
   * @param testSet the test set's name
   * @param testManifestHash the {@link ManifestHash} of the test set
   * @param condition {@code "clean"} or the degradation's name
   * @param conditionDescription the degradation's description
   * @param evaluation the metrics
   * @param scores the raw scores
   * @param formatBaseline the format-only baseline, or empty
   */
  public CellResult(String cellId, String detector, String trainedOn, String testSet,
      String testManifestHash, String condition, String conditionDescription,
      BinaryEvaluation evaluation, CellScores scores, Optional<FormatBaseline> formatBaseline) {
    this(cellId, detector, trainedOn, testSet, testManifestHash, condition, conditionDescription,
        evaluation, scores, formatBaseline, Optional.empty());
  }

  /**
   * A result without baselines (the constructor from before the format-only baseline existed).
   *
   * @param cellId the cell's id
   * @param detector the detector's name
   * @param trainedOn what the detector was trained on
   * @param testSet the test set's name
   * @param testManifestHash the {@link ManifestHash} of the test set
   * @param condition {@code "clean"} or the degradation's name
   * @param conditionDescription the degradation's description
   * @param evaluation the metrics
   * @param scores the raw scores
   */
  public CellResult(String cellId, String detector, String trainedOn, String testSet,
      String testManifestHash, String condition, String conditionDescription,
      BinaryEvaluation evaluation, CellScores scores) {
    this(cellId, detector, trainedOn, testSet, testManifestHash, condition, conditionDescription,
        evaluation, scores, Optional.empty(), Optional.empty());
  }

  /**
   * Accuracy at the evaluation's threshold.
   *
   * @return the accuracy
   */
  public double accuracy() {
    return evaluation.accuracy();
  }

  /**
   * The images that could not be loaded.
   *
   * @return the skipped images
   */
  public List<SkippedImage> skipped() {
    return scores.skipped();
  }
}
