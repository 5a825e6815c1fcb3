package org.genimage.eval;

import java.util.Map;
import org.genimage.api.DetectorInfo;

/**
 * What a run directory records about a trained detector ({@code detectors/<train cell>.json}).
 *
 * @param fingerprint the {@link Fingerprints} of the training inputs
 * @param name the detector's name
 * @param architecture its architecture
 * @param inputSize its input side
 * @param preferredBatchSize its preferred batch size
 * @param threadSafe whether it may score from several threads
 * @param provenance its own provenance
 * @param saved whether {@code detectors/<train cell>.detector} was written
 * @param savedFile where it was saved, or {@code "(not saved: <reason>)"}
 */
record DetectorRecord(String fingerprint, String name, String architecture, int inputSize,
    int preferredBatchSize, boolean threadSafe, Map<String, String> provenance, boolean saved,
    String savedFile) {
  DetectorRecord(String fingerprint, DetectorInfo info, boolean saved, String savedFile) {
    this(fingerprint, info.name(), info.architecture(), info.inputSize(),
        info.preferredBatchSize(), info.threadSafe(), info.provenance(), saved, savedFile);
  }

  DetectorInfo info() {
    return new DetectorInfo(name, architecture, inputSize, preferredBatchSize, threadSafe,
        provenance, "none (recorded in the run directory, not loaded)");
  }
}
