package org.genimage.detectors.train;

import java.util.Map;

/**
 * What runs the training steps of one architecture: the oneDNN training plan on a CPU ({@link PlanTrainingEngine}),
 * SameDiff's executor otherwise ({@link SameDiffTrainingEngine}). It owns the current parameters and the optimiser
 * state; the trainer owns everything else (data, schedule, running statistics, checkpoints). Not thread-safe.
 */
interface TrainingEngine extends AutoCloseable {
  /**
   * One optimiser step: forward and backward on the batch, then the update.
   *
   * @param batch the batch
   * @param lr    the learning rate
   * @param step  the update's number, from 1
   * @return the batch's mean loss
   */
  double step(TrainingBatch batch, double lr, long step);

  /**
   * The forward pass in training mode only (for batch statistics), without an update.
   *
   * @param batch the batch
   */
  void forward(TrainingBatch batch);

  /**
   * The batch statistics of the last {@link #step} or {@link #forward}: for each running-statistics buffer, the
   * batch mean or the unbiased batch variance.
   *
   * @return buffer name to values
   */
  Map<String, float[]> batchStatistics();

  /**
   * The current trainable parameters, canonical layouts.
   *
   * @return name to values
   */
  Map<String, float[]> parameters();

  /**
   * The optimiser's state for a checkpoint ({@code m/<name>}, {@code v/<name>}).
   *
   * @return name to values
   */
  Map<String, float[]> optimizerState();

  /**
   * Copies the parameters and the optimiser's state into arrays the caller keeps from one checkpoint to the next
   * (first call: an empty map, filled with new arrays), so that frequent checkpoints make no garbage.
   *
   * @param parameters parameter name to array
   * @param optimizer  state name ({@code m/...}, {@code v/...}) to array
   */
  default void snapshot(Map<String, float[]> parameters, Map<String, float[]> optimizer) {
    copyInto(parameters(), parameters);
    copyInto(optimizerState(), optimizer);
  }

  private static void copyInto(Map<String, float[]> from, Map<String, float[]> into) {
    from.forEach((k, v) -> {
      float[] kept = into.computeIfAbsent(k, x -> new float[v.length]);
      System.arraycopy(v, 0, kept, 0, v.length);
    });
  }

  /**
   * Restores optimiser state from a checkpoint.
   *
   * @param state name to values, as {@link #optimizerState()} gave
   */
  void restoreOptimizerState(Map<String, float[]> state);

  /**
   * The random masks (stochastic depth, dropout) each batch must carry.
   *
   * @return the masks, by placeholder
   */
  java.util.List<org.genimage.detectors.TrainingGraphBuilder.RandomMask> randomMasks();

  /**
   * Times the steps from now on: the oneDNN plan's primitives by kind, SameDiff's ops by name.
   *
   * @param on whether to time
   */
  void profiling(boolean on);

  /**
   * Nanoseconds and calls per kind since {@link #profiling} was switched on.
   *
   * @return kind to {@code [nanos, calls]}
   */
  Map<String, long[]> profile();

  /**
   * What runs, for logs and provenance.
   *
   * @return a description
   */
  String description();

  @Override
  void close();
}
