package org.genimage.detectors.train;

import java.util.Map;
import java.util.TreeMap;
import org.genimage.detectors.weights.NamedTensor;

/** The mutable state of one training run, all of it checkpointed ({@link Checkpoint}). Not thread-safe. */
final class TrainingState {
  int epoch;
  int batch;
  double lossSum;
  long step;
  double lr;
  double best = Double.NEGATIVE_INFINITY;
  int bestEpoch;
  int bad;
  int plateauBad;
  boolean stopped;
  Map<String, Double> bestMetrics = new TreeMap<>();
  Map<String, NamedTensor> bestWeights;
  Map<String, float[]> optimizer = Map.of();
}
