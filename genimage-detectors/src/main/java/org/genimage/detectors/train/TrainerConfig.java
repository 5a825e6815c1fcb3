package org.genimage.detectors.train;

import java.nio.file.Path;
import java.util.Optional;
import org.genimage.api.internal.Checks;

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
 * @param backend                what runs the steps ({@link TrainingBackend#AUTO}: the oneDNN plan on a CPU)
 * @param checkpointEverySteps   also write the checkpoint every this many steps inside an epoch, so a run killed
 *                               mid-epoch resumes there (0 = at the end of each epoch only)
 * @param loaderThreads          threads decoding and augmenting the next batches while a step runs (at least 1)
 */
public record TrainerConfig(int epochs, int batchSize, OptimizerConfig optimizer, LrSchedule schedule, long seed,
    int earlyStoppingPatience, Path checkpointDir, boolean resume, int bnRecalibrationBatches,
    TrainingBackend backend, int checkpointEverySteps, int loaderThreads) {
  /** Validates. */
  public TrainerConfig {
    Checks.inRange("epochs", epochs, 1, 100_000);
    Checks.inRange("batchSize", batchSize, 2, 4096);
    Checks.notNull("optimizer", optimizer);
    Checks.notNull("schedule", schedule);
    Checks.nonNegative("earlyStoppingPatience", earlyStoppingPatience);
    Checks.nonNegative("bnRecalibrationBatches", bnRecalibrationBatches);
    Checks.notNull("backend", backend);
    Checks.nonNegative("checkpointEverySteps", checkpointEverySteps);
    Checks.inRange("loaderThreads", loaderThreads, 1, 256);
  }

  /**
   * A configuration without batch-norm recalibration, on the default backend
   * ({@link TrainingBackend#fromSystemProperty()}), checkpointing at epoch ends, with two loader threads.
   *
   * @param epochs                 maximum epochs
   * @param batchSize              training batch size
   * @param optimizer              optimiser
   * @param schedule               learning-rate schedule
   * @param seed                   seed
   * @param earlyStoppingPatience  early-stopping patience (0 = never)
   * @param checkpointDir          checkpoint directory or null
   * @param resume                 resume from an existing checkpoint
   * @param bnRecalibrationBatches batch-norm recalibration batches (0 = off)
   */
  public TrainerConfig(int epochs, int batchSize, OptimizerConfig optimizer, LrSchedule schedule, long seed,
      int earlyStoppingPatience, Path checkpointDir, boolean resume, int bnRecalibrationBatches) {
    this(epochs, batchSize, optimizer, schedule, seed, earlyStoppingPatience, checkpointDir, resume,
        bnRecalibrationBatches, TrainingBackend.fromSystemProperty(), 0, 2);
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
   * A copy on another backend.
   *
   * @param b the backend
   * @return the config
   */
  public TrainerConfig withBackend(TrainingBackend b) {
    return new TrainerConfig(epochs, batchSize, optimizer, schedule, seed, earlyStoppingPatience, checkpointDir,
        resume, bnRecalibrationBatches, b, checkpointEverySteps, loaderThreads);
  }

  /**
   * A copy that also checkpoints every {@code steps} steps inside an epoch.
   *
   * @param steps the interval (0 = epoch ends only)
   * @return the config
   */
  public TrainerConfig withCheckpointEverySteps(int steps) {
    return new TrainerConfig(epochs, batchSize, optimizer, schedule, seed, earlyStoppingPatience, checkpointDir,
        resume, bnRecalibrationBatches, backend, steps, loaderThreads);
  }

  /**
   * A copy with another number of loader threads.
   *
   * @param threads decoding threads (at least 1)
   * @return the config
   */
  public TrainerConfig withLoaderThreads(int threads) {
    return new TrainerConfig(epochs, batchSize, optimizer, schedule, seed, earlyStoppingPatience, checkpointDir,
        resume, bnRecalibrationBatches, backend, checkpointEverySteps, threads);
  }

  /**
   * A copy that recalibrates batch-norm statistics after each epoch.
   *
   * @param batches training batches to average (0 = off)
   * @return the config
   */
  public TrainerConfig withBnRecalibration(int batches) {
    return new TrainerConfig(epochs, batchSize, optimizer, schedule, seed, earlyStoppingPatience, checkpointDir,
        resume, batches, backend, checkpointEverySteps, loaderThreads);
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
        bnRecalibrationBatches, backend, checkpointEverySteps, loaderThreads);
  }

  /**
   * A copy with another epoch count.
   *
   * @param n epochs
   * @return the config
   */
  public TrainerConfig withEpochs(int n) {
    return new TrainerConfig(n, batchSize, optimizer, schedule, seed, earlyStoppingPatience, checkpointDir, resume,
        bnRecalibrationBatches, backend, checkpointEverySteps, loaderThreads);
  }
}
