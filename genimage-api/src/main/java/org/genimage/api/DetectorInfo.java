package org.genimage.api;

import java.util.Map;
import java.util.TreeMap;
import org.genimage.api.internal.Checks;

/**
 * What a detector is: enough for a report to say which model produced a score.
 *
 * @param name a name for reports ({@code "cnnspot"})
 * @param architecture the network ({@code "resnet50"}, {@code "swin_t"}, {@code "spectral-peaks"})
 * @param inputSize the side in pixels of the square input the network sees after preprocessing, or 0
 *     when it takes any size
 * @param preferredBatchSize the batch size at which {@link Detector#scoreBatch} is most efficient
 * @param threadSafe whether {@link Detector#scoreBatch} may be called from several threads at once
 * @param provenance where the detector came from, as flat text for reports and run directories: training data
 *     hash, seed, epochs, library version, validation metrics (sorted, immutable); for a detector built with
 *     {@link #of} it is {@code modelProvenance.asMap()}
 * @param engine what runs the forward pass, for logs and reports ({@code "oneDNN 2.5.2 inference plan, batch 8,
 *     ..."}, {@code "Java"})
 * @param modelProvenance the same provenance typed: architecture configuration, weights' source, training run
 */
public record DetectorInfo(
    String name,
    String architecture,
    int inputSize,
    int preferredBatchSize,
    boolean threadSafe,
    Map<String, String> provenance,
    String engine,
    ModelProvenance modelProvenance) {

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
    Checks.notNull("modelProvenance", modelProvenance);
  }

  /**
   * A description whose typed provenance is read from the flat entries ({@link ModelProvenance#fromMap}), for
   * detectors that record a few notes only.
   *
   * @param name a name for reports
   * @param architecture the network
   * @param inputSize the input side in pixels, or 0
   * @param preferredBatchSize the most efficient batch size
   * @param threadSafe whether scoring may run on several threads at once
   * @param provenance the provenance entries
   * @param engine what runs the forward pass
   * @throws BadArgumentException as the canonical constructor
   */
  public DetectorInfo(String name, String architecture, int inputSize, int preferredBatchSize, boolean threadSafe,
      Map<String, String> provenance, String engine) {
    this(name, architecture, inputSize, preferredBatchSize, threadSafe, provenance, engine,
        ModelProvenance.fromMap(Checks.notNull("provenance", provenance)));
  }

  /**
   * A description from typed provenance; {@link #provenance()} is its flat form.
   *
   * @param name a name for reports
   * @param architecture the network
   * @param inputSize the input side in pixels, or 0
   * @param preferredBatchSize the most efficient batch size
   * @param threadSafe whether scoring may run on several threads at once
   * @param provenance the typed provenance
   * @param engine what runs the forward pass
   * @return the description
   * @throws BadArgumentException as the canonical constructor
   */
  public static DetectorInfo of(String name, String architecture, int inputSize, int preferredBatchSize,
      boolean threadSafe, ModelProvenance provenance, String engine) {
    return new DetectorInfo(name, architecture, inputSize, preferredBatchSize, threadSafe,
        Checks.notNull("provenance", provenance).asMap(), engine, provenance);
  }
}
