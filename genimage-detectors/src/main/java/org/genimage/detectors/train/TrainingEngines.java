package org.genimage.detectors.train;

import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.onednn.UnsupportedGraphException;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.linalg.factory.Nd4j;

/** Chooses the {@link TrainingEngine} for a {@link TrainingBackend}. */
final class TrainingEngines {
  private TrainingEngines() {}

  /**
   * The engine: under {@link TrainingBackend#AUTO} the oneDNN plan when ND4J runs on the CPU, oneDNN loads and the
   * graph compiles to it, SameDiff otherwise (its description says why).
   */
  static TrainingEngine create(TrainingBackend backend, Architecture architecture, Map<String, NamedTensor> weights,
      int batchSize, OptimizerConfig optimizer) {
    if (backend == TrainingBackend.SAMEDIFF) {
      return sameDiff(architecture, weights, optimizer, "requested");
    }
    if (backend == TrainingBackend.AUTO && !Nd4j.getEnvironment().isCPU()) {
      return sameDiff(architecture, weights, optimizer, "ND4J runs on a GPU backend; the oneDNN plan is CPU-only");
    }
    if (backend == TrainingBackend.AUTO && !OneDnn.available()) {
      return sameDiff(architecture, weights, optimizer, OneDnn.problem().orElse("oneDNN is not available"));
    }
    try {
      return new PlanTrainingEngine(architecture, weights, batchSize, optimizer, architecture.noWeightDecay());
    } catch (UnsupportedGraphException e) {
      if (backend == TrainingBackend.ONEDNN) {
        throw new BadArgumentException("backend", backend, "the oneDNN training plan cannot run "
            + architecture.displayName() + ": " + e.getMessage());
      }
      return sameDiff(architecture, weights, optimizer, "no oneDNN training plan: " + e.getMessage());
    }
  }

  private static TrainingEngine sameDiff(Architecture architecture, Map<String, NamedTensor> weights,
      OptimizerConfig optimizer, String why) {
    return new SameDiffTrainingEngine(architecture, weights, optimizer, architecture.noWeightDecay(), why);
  }
}
