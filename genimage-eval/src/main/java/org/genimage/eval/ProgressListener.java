package org.genimage.eval;

import java.time.Duration;
import org.genimage.api.BadInputPolicy;

/**
 * Receives an experiment's progress: a progress bar, a log. Every method has an empty default. Calls
 * come from the thread that runs the experiment, except {@link #onImagesScored} which may come from
 * a scoring thread.
 */
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /**
   * Called once at the start.
   *
   * @param trainCells the number of training cells in the plan
   * @param scoreCells the number of scoring cells in the plan
   */
  default void onRunStart(int trainCells, int scoreCells) {}

  /**
   * Called when a cell starts being computed.
   *
   * @param cellId the cell
   * @param kind "train" or "score"
   */
  default void onCellStart(String cellId, String kind) {}

  /**
   * Called when a cell was found finished in the run directory and is reused.
   *
   * @param cellId the cell
   */
  default void onCellResumed(String cellId) {}

  /**
   * Called when a cell has been computed and saved.
   *
   * @param cellId the cell
   * @param elapsed how long it took
   */
  default void onCellFinished(String cellId, Duration elapsed) {}

  /**
   * Called after each scored batch.
   *
   * @param cellId the cell
   * @param done images scored or skipped so far
   * @param total images in the test set
   */
  default void onImagesScored(String cellId, int done, int total) {}

  /**
   * Called for an image skipped under {@link BadInputPolicy#SKIP}.
   *
   * @param cellId the cell
   * @param image the image and its problem
   */
  default void onImageSkipped(String cellId, SkippedImage image) {}

  /**
   * Called once when every cell is done.
   *
   * @param computed the number of cells computed in this run
   * @param resumed the number of cells reused from the run directory
   */
  default void onRunFinished(int computed, int resumed) {}
}
