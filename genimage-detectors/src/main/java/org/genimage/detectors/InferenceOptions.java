package org.genimage.detectors;

import org.genimage.api.Precision;
import org.genimage.api.internal.Checks;

/**
 * How a {@link NetworkDetector} runs its graph.
 *
 * @param batchSize    images per forward pass (larger lists are split; the batch tensor is reused)
 * @param channelsLast build NHWC activations where the architecture supports it
 * @param engine       what executes the forward pass
 * @param threads      native (OpenMP) threads one forward pass on the oneDNN plan may use, or 0 for the runtime's
 *     default (all cores, or {@code OMP_NUM_THREADS}); with one predictor per core scoring at once, 1 keeps each
 *     call on its core instead of every call fighting for all of them
 * @param precision    the oneDNN plan's arithmetic: {@link Precision#BF16} runs convolutions and matrix products in
 *     bfloat16 where the CPU has instructions for it (else fp32, said in the engine description); SameDiff always
 *     runs fp32
 */
public record InferenceOptions(int batchSize, boolean channelsLast, InferenceEngine engine, int threads,
    Precision precision) {
  /** Validates. */
  public InferenceOptions {
    Checks.inRange("batchSize", batchSize, 1, 4096);
    Checks.notNull("engine", engine);
    Checks.inRange("threads", threads, 0, 1024);
    Checks.notNull("precision", precision);
  }

  /**
   * Options in fp32.
   *
   * @param batchSize    images per forward pass
   * @param channelsLast NHWC activations where supported
   * @param engine       what executes the forward pass
   * @param threads      native threads per forward pass, or 0 for the runtime's default
   */
  public InferenceOptions(int batchSize, boolean channelsLast, InferenceEngine engine, int threads) {
    this(batchSize, channelsLast, engine, threads, Precision.FP32);
  }

  /**
   * Options with the runtime's thread count.
   *
   * @param batchSize    images per forward pass
   * @param channelsLast NHWC activations where supported
   * @param engine       what executes the forward pass
   */
  public InferenceOptions(int batchSize, boolean channelsLast, InferenceEngine engine) {
    this(batchSize, channelsLast, engine, 0);
  }

  /**
   * Options with the default engine ({@link InferenceEngine#fromSystemProperty()}).
   *
   * @param batchSize    images per forward pass
   * @param channelsLast NHWC activations where supported
   */
  public InferenceOptions(int batchSize, boolean channelsLast) {
    this(batchSize, channelsLast, InferenceEngine.fromSystemProperty());
  }

  /**
   * The defaults: batch 8, channels-last unless the system property {@code genimage.detectors.channelsLast}
   * is {@code false} (NHWC measured faster; see genimage-bench/README.md), and the engine of
   * {@link InferenceEngine#fromSystemProperty()} ({@link InferenceEngine#AUTO} unless set).
   *
   * @return the defaults
   */
  public static InferenceOptions defaults() {
    return new InferenceOptions(8,
        Boolean.parseBoolean(System.getProperty("genimage.detectors.channelsLast", "true")));
  }

  /**
   * A copy with another batch size.
   *
   * @param size the batch size
   * @return the options
   */
  public InferenceOptions withBatchSize(int size) {
    return new InferenceOptions(size, channelsLast, engine, threads, precision);
  }

  /**
   * A copy with another engine.
   *
   * @param e the engine
   * @return the options
   */
  public InferenceOptions withEngine(InferenceEngine e) {
    return new InferenceOptions(batchSize, channelsLast, e, threads, precision);
  }

  /**
   * A copy with another thread count per forward pass.
   *
   * @param count native threads per call, or 0 for the runtime's default
   * @return the options
   */
  public InferenceOptions withThreads(int count) {
    return new InferenceOptions(batchSize, channelsLast, engine, count, precision);
  }

  /**
   * A copy with another precision.
   *
   * @param p the oneDNN plan's arithmetic
   * @return the options
   */
  public InferenceOptions withPrecision(Precision p) {
    return new InferenceOptions(batchSize, channelsLast, engine, threads, p);
  }
}
