package org.genimage.examples;

import java.nio.file.Path;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.train.TrainingBackend;

/**
 * The knobs the examples expose for training a detector recipe.
 *
 * @param inputSize the side of the square input of the small networks (the full-size recipes use
 *     their paper sizes)
 * @param epochs maximum epochs
 * @param batchSize training batch size
 * @param learningRate base learning rate
 * @param seed seed for weights, shuffling and augmentation
 * @param checkpointEverySteps also checkpoint every this many steps inside an epoch (0: epoch ends only)
 * @param backend what runs the training steps
 * @param checkpointDir where the trainer writes its per-epoch checkpoint (resumed if present), or
 *     null for none
 */
public record TrainingSettings(int inputSize, int epochs, int batchSize, double learningRate,
    long seed, Path checkpointDir, int checkpointEverySteps, TrainingBackend backend) {
  /**
   * Validates the settings.
   *
   * @throws org.genimage.api.BadArgumentException naming the first bad value
   */
  public TrainingSettings {
    Checks.inRange("inputSize", inputSize, 16, 1024);
    Checks.inRange("epochs", epochs, 1, 100_000);
    Checks.inRange("batchSize", batchSize, 2, 4096);
    Checks.inRange("learningRate", learningRate, 1e-8, 10.0);
    Checks.nonNegative("checkpointEverySteps", checkpointEverySteps);
    Checks.notNull("backend", backend);
  }

  /**
   * Settings that checkpoint at epoch ends only, on the default backend.
   *
   * @param inputSize    input side of the small networks
   * @param epochs       maximum epochs
   * @param batchSize    batch size
   * @param learningRate base learning rate
   * @param seed         seed
   * @param checkpointDir checkpoint folder, or null
   */
  public TrainingSettings(int inputSize, int epochs, int batchSize, double learningRate, long seed,
      Path checkpointDir) {
    this(inputSize, epochs, batchSize, learningRate, seed, checkpointDir, 0, TrainingBackend.fromSystemProperty());
  }

  /**
   * The demo's defaults: 64-pixel inputs, 6 epochs, batch 16, learning rate 2e-3, seed 7.
   *
   * @return the settings
   */
  public static TrainingSettings small() {
    return new TrainingSettings(64, 6, 16, 2e-3, 7, null);
  }

  /**
   * A copy with another epoch count.
   *
   * @param n epochs
   * @return the copy
   */
  public TrainingSettings withEpochs(int n) {
    return new TrainingSettings(inputSize, n, batchSize, learningRate, seed, checkpointDir, checkpointEverySteps,
        backend);
  }

  /**
   * A copy that checkpoints into a folder.
   *
   * @param dir the folder, or null for none
   * @return the copy
   */
  public TrainingSettings withCheckpointDir(Path dir) {
    return new TrainingSettings(inputSize, epochs, batchSize, learningRate, seed, dir, checkpointEverySteps,
        backend);
  }
}
