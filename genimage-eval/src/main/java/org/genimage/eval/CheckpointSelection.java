package org.genimage.eval;

/**
 * Which data a trainer may use to select checkpoints and stop early. Never an unseen generator's
 * data: the protocols offer no way to pass it, since that would leak the test distribution.
 */
public enum CheckpointSelection {
  /**
   * The val split of the subset the detector trains on (the default, and common practice). GenImage
   * has only train and val splits, so that val split is also the test set of the training
   * generator's own cell; that one cell is then slightly optimistic, unseen generators are not.
   */
  TRAINING_SUBSET_VAL,
  /**
   * A fraction of the training split, held out by a seeded hash of the sample ids and not trained on
   * ({@link ProtocolSettings#holdoutFraction()}): no val image is ever seen before testing.
   */
  HOLDOUT_FROM_TRAINING
}
