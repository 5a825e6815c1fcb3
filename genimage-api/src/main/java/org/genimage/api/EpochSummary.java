package org.genimage.api;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.genimage.api.internal.Checks;

/**
 * What one training epoch achieved.
 *
 * @param epoch the epoch, from 1
 * @param trainingLoss the mean training loss over the epoch
 * @param validation validation metrics by id ({@code "accuracy"}, {@code "auc"}), sorted, immutable
 * @param improved whether this epoch's checkpoint became the best so far
 * @param elapsed the epoch's wall-clock time
 */
public record EpochSummary(
    int epoch,
    double trainingLoss,
    Map<String, Double> validation,
    boolean improved,
    Duration elapsed) {

  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for an epoch below 1 or a null component
   */
  public EpochSummary {
    Checks.positive("epoch", epoch);
    validation = Map.copyOf(new TreeMap<>(Checks.notNull("validation", validation)));
    Checks.notNull("elapsed", elapsed);
  }
}
