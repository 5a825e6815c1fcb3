package org.genimage.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a detector is: enough for a report to say which model produced a score.
 *
 * @param name a name for reports ({@code "cnnspot"})
 * @param architecture the network ({@code "resnet50"}, {@code "swin_t"}, {@code "spectral-peaks"})
 * @param inputSize the side in pixels of the square input the network sees after preprocessing, or 0
 *     when it takes any size
 * @param preferredBatchSize the batch size at which {@link Detector#scoreBatch} is most efficient
 * @param threadSafe whether {@link Detector#scoreBatch} may be called from several threads at once
 * @param provenance where the detector came from: training data hash, seed, epochs, library version,
 *     validation metrics (sorted, immutable)
 * @param engine what runs the forward pass, for logs and reports ({@code "oneDNN 2.5.2 inference plan, batch 8,
 *     ..."}, {@code "Java"})
 */
public record DetectorInfo(
    String name,
    String architecture,
    int inputSize,
    int preferredBatchSize,
    boolean threadSafe,
    Map<String, String> provenance,
    String engine) {

  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for a blank name, architecture or engine, a negative size or a batch size
   *     below 1
   */
  public DetectorInfo {
    Checks.notBlank("name", name);
    Checks.notBlank("architecture", architecture);
    Checks.nonNegative("inputSize", inputSize);
    Checks.positive("preferredBatchSize", preferredBatchSize);
    provenance = Map.copyOf(new TreeMap<>(Checks.notNull("provenance", provenance)));
    Checks.notBlank("engine", engine);
  }
}
