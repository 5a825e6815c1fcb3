package org.genimage.detectors;

import org.genimage.api.Checks;

/**
 * How a {@link SameDiffDetector} runs its graph.
 *
 * @param batchSize    images per forward pass (larger lists are split; the batch tensor is reused)
 * @param channelsLast build NHWC activations where the architecture supports it
 */
public record InferenceOptions(int batchSize, boolean channelsLast) {
  /** Validates. */
  public InferenceOptions {
    Checks.inRange("batchSize", batchSize, 1, 4096);
  }

  /**
   * The defaults: batch 8, and channels-last unless the system property
   * {@code genimage.detectors.channelsLast} is {@code false} (NHWC measured faster; see genimage-bench/README.md).
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
    return new InferenceOptions(size, channelsLast);
  }
}
