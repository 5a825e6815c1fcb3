package org.genimage.detectors.train;

import java.nio.file.Path;
import java.util.Optional;
import org.genimage.api.Checks;

/**
 * Everything a training run needs besides the architecture, the data and the augmentation.
 *
 * @param epochs                 maximum epochs
 * @param batchSize              training batch size
 * @param optimizer              optimiser
 * @param schedule               learning-rate schedule
 * @param seed                   seed for initial weights, shuffling and augmentation
 * @param earlyStoppingPatience  stop after this many epochs without validation improvement (0 = never)
 * @param checkpointDir          where {@code checkpoint.gickpt} is written after every epoch (null = none)
 * @param resume                 continue from the checkpoint in {@code checkpointDir} if one exists
 * @param bnRecalibrationBatches after each epoch, replace batch-norm running statistics by the plain average of
 *                               this many training batches' statistics (0 = keep PyTorch's momentum average);
 *                               short runs on small data otherwise evaluate with statistics still near their
 *                               initial 0/1
 */
public record TrainerConfig(int epochs, int batchSize, OptimizerConfig optimizer, LrSchedule schedule, long seed,
    int earlyStoppingPatience, Path checkpointDir, boolean resume, int bnRecalibrationBatches) {
  /** Validates. */
  public TrainerConfig {
    Checks.inRange("epochs", epochs, 1, 100_000);
    Checks.inRange("batchSize", batchSize, 2, 4096);
    Checks.notNull("optimizer", optimizer);
    Checks.notNull("schedule", schedule);
    Checks.nonNegative("earlyStoppingPatience", earlyStoppingPatience);
    Checks.nonNegative("bnRecalibrationBatches", bnRecalibrationBatches);
  }

  /**
   * A configuration without batch-norm recalibration.
   *
   * @param epochs                maximum epochs
   * @param batchSize             training batch size
   * @param optimizer             optimiser
   * @param schedule              learning-rate schedule
   * @param seed                  seed
   * @param earlyStoppingPatience early-stopping patience (0 = never)
   * @param checkpointDir         checkpoint directory or null
   * @param resume                resume from an existing checkpoint
   */
  public TrainerConfig(int epochs, int batchSize, OptimizerConfig optimizer, LrSchedule schedule, long seed,
      int earlyStoppingPatience, Path checkpointDir, boolean resume) {
    this(epochs, batchSize, optimizer, schedule, seed, earlyStoppingPatience, checkpointDir, resume, 0);
  }

  /**
   * A copy that recalibrates batch-norm statistics after each epoch.
   *
   * @param batches training batches to average (0 = off)
   * @return the config
   */
  public TrainerConfig withBnRecalibration(int batches) {
    return new TrainerConfig(epochs, batchSize, optimizer, schedule, seed, earlyStoppingPatience, checkpointDir,
        resume, batches);
  }

  /**
   * The checkpoint directory, if any.
   *
   * @return the directory
   */
  public Optional<Path> checkpoints() {
    return Optional.ofNullable(checkpointDir);
  }

  /**
   * A copy writing checkpoints to a directory.
   *
   * @param dir    the directory
   * @param resume whether to resume from an existing checkpoint
   * @return the config
   */
  public TrainerConfig withCheckpoints(Path dir, boolean resume) {
    return new TrainerConfig(epochs, batchSize, optimizer, schedule, seed, earlyStoppingPatience, dir, resume,
        bnRecalibrationBatches);
  }

  /**
   * A copy with another epoch count.
   *
   * @param n epochs
   * @return the config
   */
  public TrainerConfig withEpochs(int n) {
    return new TrainerConfig(n, batchSize, optimizer, schedule, seed, earlyStoppingPatience, checkpointDir, resume,
        bnRecalibrationBatches);
  }
}
