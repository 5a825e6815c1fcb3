package org.genimage.api;

import java.util.Map;
import java.util.TreeMap;
import org.genimage.api.internal.Checks;

/**
 * How a model was trained, built by the trainer from its configuration records (in the spirit of Tribuo's
 * provenance: every configured field is recorded, not a hand-picked subset).
 *
 * @param trainer the trainer's name
 * @param seed the seed for initial weights, shuffling and augmentation
 * @param epochs the configured maximum of epochs
 * @param epochsRun the epochs actually run (early stopping may end a run sooner)
 * @param bestEpoch the epoch whose weights were kept (0 when unknown)
 * @param trainingManifest the training data's manifest hash ({@code sha256:...})
 * @param validationManifest the validation data's manifest hash, empty when there was none
 * @param validation the kept epoch's validation metrics by id ({@code auc}, {@code accuracy}), sorted
 * @param engine what ran the training steps
 * @param start where the starting weights came from
 * @param config every configured field of the run (trainer, optimiser, schedule, augmentation), flattened
 *     to text with dotted names ({@code optimizer.learningRate}), sorted
 */
public record TrainingProvenance(String trainer, long seed, int epochs, int epochsRun, int bestEpoch,
    String trainingManifest, String validationManifest, Map<String, Double> validation, String engine,
    WeightsSource start, Map<String, String> config) {

  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for a null component or a negative epoch count
   */
  public TrainingProvenance {
    Checks.notNull("trainer", trainer);
    Checks.nonNegative("epochs", epochs);
    Checks.nonNegative("epochsRun", epochsRun);
    Checks.nonNegative("bestEpoch", bestEpoch);
    Checks.notNull("trainingManifest", trainingManifest);
    Checks.notNull("validationManifest", validationManifest);
    validation = java.util.Collections.unmodifiableMap(new TreeMap<>(Checks.notNull("validation", validation)));
    Checks.notNull("engine", engine);
    Checks.notNull("start", start);
    config = java.util.Collections.unmodifiableMap(new TreeMap<>(Checks.notNull("config", config)));
  }
}
