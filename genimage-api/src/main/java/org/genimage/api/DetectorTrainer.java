package org.genimage.api;

import java.util.Map;

/**
 * Trains a {@link Detector} on a dataset. Protocols (cross-generator, class-count) take a trainer so
 * that they run with any detector family.
 */
public interface DetectorTrainer {
  /**
   * A name for reports ({@code "cnnspot"}).
   *
   * @return the name
   */
  String name();

  /**
   * Every setting that affects the trained model (epochs, batch size, optimiser, learning rate,
   * augmentation, seed), as reports and provenance should record them.
   *
   * @return an immutable map of setting names to values
   */
  Map<String, String> settings();

  /**
   * Trains a detector.
   *
   * @param training the training set
   * @param validation the set used to select checkpoints and stop early; by the protocols' rule it is
   *     drawn from the training generator only
   * @param listener receives progress
   * @return the trained detector, carrying provenance; the caller closes it
   */
  Detector train(Dataset training, Dataset validation, TrainingListener listener);
}
