package org.genimage.api;

/**
 * Receives a trainer's progress: a progress bar, a log, an early-stopping monitor. Every method has an
 * empty default, so implementations override only what they need.
 */
public interface TrainingListener {
  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * Called once before the first batch.
   *
   * @param epochs the planned number of epochs
   * @param batchesPerEpoch the number of batches in one epoch
   */
  default void onStart(int epochs, int batchesPerEpoch) {}

  /**
   * Called after each training batch.
   *
   * @param epoch the epoch, from 1
   * @param batch the batch within the epoch, from 1
   * @param loss the batch's training loss
   */
  default void onBatch(int epoch, int batch, double loss) {}

  /**
   * Called after each epoch's validation.
   *
   * @param summary the epoch's figures
   */
  default void onEpoch(EpochSummary summary) {}
}
