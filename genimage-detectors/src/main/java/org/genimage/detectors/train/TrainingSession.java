package org.genimage.detectors.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.TrainingGraphBuilder;
import org.genimage.detectors.weights.NamedTensor;

/**
 * Optimiser steps on batches the caller has already preprocessed, without a dataset, a schedule or checkpoints:
 * for benchmarks and for callers with a data pipeline of their own. {@link SameDiffTrainer} is the full trainer
 * built on the same engines. Random masks (stochastic depth, dropout) are drawn from the seed and the step number.
 * Running statistics are not kept (see {@link #batchStatistics()}). Not thread-safe; close it to free native
 * memory.
 *
 * <pre>{@code
 * try (TrainingSession s = TrainingSession.open(arch, arch.initialise(1), 32, OptimizerConfig.sgd(0.05, 0.9, 1e-4),
 *     TrainingBackend.AUTO, 1)) {
 *   double loss = s.step(images, labels, 32, 0.05);   // images: 32 x c x h x w, labels: 32 x outputs
 * }
 * }</pre>
 */
public final class TrainingSession implements AutoCloseable {
  private final TrainingEngine engine;
  private final List<TrainingGraphBuilder.RandomMask> masks;
  private final long seed;
  private long step;

  private TrainingSession(TrainingEngine engine, long seed) {
    this.engine = engine;
    this.masks = engine.randomMasks();
    this.seed = seed;
  }

  /**
   * Opens a session.
   *
   * @param architecture the network
   * @param weights      its starting weights (every parameter and buffer)
   * @param batchSize    the largest batch
   * @param optimizer    the optimiser
   * @param backend      what runs the steps
   * @param seed         the seed of the random masks
   * @return the session
   * @throws org.genimage.api.BadArgumentException when {@link TrainingBackend#ONEDNN} is asked for and cannot run
   *     the architecture
   */
  public static TrainingSession open(Architecture architecture, Map<String, NamedTensor> weights, int batchSize,
      OptimizerConfig optimizer, TrainingBackend backend, long seed) {
    Checks.notNull("architecture", architecture);
    Checks.notNull("weights", weights);
    Checks.inRange("batchSize", batchSize, 1, 4096);
    return new TrainingSession(TrainingEngines.create(backend, architecture, weights, batchSize,
        Checks.notNull("optimizer", optimizer)), seed);
  }

  /**
   * One optimiser step.
   *
   * @param input  {@code n * c * h * w} preprocessed values, NCHW (longer arrays allowed)
   * @param labels {@code n * outputs} values: 0/1 for one logit, one-hot for two classes
   * @param n      the samples in this batch, 1 to the batch size
   * @param lr     the learning rate
   * @return the batch's mean loss
   */
  public double step(float[] input, float[] labels, int n, double lr) {
    Checks.notNull("input", input);
    Checks.notNull("labels", labels);
    SplittableRandom r = new SplittableRandom(seed * 0x632BE59BD9B4E019L + step);
    Map<String, float[]> drawn = new LinkedHashMap<>();
    for (TrainingGraphBuilder.RandomMask m : masks) {
      drawn.put(m.placeholder(), m.drawValues(n, r));
    }
    step++;
    return engine.step(new TrainingBatch(n, input, labels, drawn), lr, step);
  }

  /**
   * The batch statistics of the last step: for each running-statistics buffer, the batch mean or the unbiased
   * batch variance.
   *
   * @return buffer name to values
   */
  public Map<String, float[]> batchStatistics() {
    return engine.batchStatistics();
  }

  /**
   * The current trainable parameters.
   *
   * @return name to values, canonical layouts
   */
  public Map<String, float[]> parameters() {
    return engine.parameters();
  }

  /**
   * What runs the steps, e.g. {@code oneDNN 2.5.2 training plan, batch 32, ...} or {@code SameDiff (CPU)}.
   *
   * @return the description
   */
  public String engine() {
    return engine.description();
  }

  /**
   * Times the steps from now on: the oneDNN plan's primitives by kind, or SameDiff's ops by name; see
   * {@link #profile()}.
   *
   * @param on whether to time
   */
  public void profiling(boolean on) {
    engine.profiling(on);
  }

  /**
   * Nanoseconds and calls per kind since {@link #profiling} was switched on.
   *
   * @return kind to {@code [nanos, calls]}
   */
  public Map<String, long[]> profile() {
    return engine.profile();
  }

  /**
   * The oneDNN kernels of the full-batch plan (empty on SameDiff).
   *
   * @return kernel to step count
   */
  public Map<String, Integer> kernels() {
    return engine instanceof PlanTrainingEngine p ? p.plan().kernels() : Map.of();
  }

  @Override
  public void close() {
    engine.close();
  }
}
