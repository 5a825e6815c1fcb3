package org.genimage.eval;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Detector;
import org.genimage.api.internal.Checks;

/**
 * What an experiment computes: training runs, detectors given ready-made, and scored test sets.
 * Protocols build plans; {@link Experiment} executes them.
 *
 * @param trainCells training runs, in order
 * @param givenDetectors ready-made detectors by key, each with what it was trained on (the caller
 *     keeps ownership and closes them)
 * @param scoreCells scored test sets, in order
 * @param settings the protocol settings
 */
public record ExperimentPlan(List<TrainCell> trainCells, Map<String, GivenDetector> givenDetectors,
    List<ScoreCell> scoreCells, ProtocolSettings settings) {

  /**
   * A detector passed in ready-made, with what it was trained on for reports.
   *
   * @param detector the detector
   * @param trainedOn what it was trained on ({@code "sd14"}), or {@code "unknown"}
   */
  public record GivenDetector(Detector detector, String trainedOn) {
    /**
     * Validates the components.
     *
     * @throws BadArgumentException for a null component
     */
    public GivenDetector {
      Checks.notNull("detector", detector);
      Checks.notBlank("trainedOn", trainedOn);
    }
  }

  /**
   * Validates the plan: unique ids, every score cell's detector defined.
   *
   * @throws BadArgumentException naming the duplicate id or the unknown detector key
   */
  public ExperimentPlan {
    trainCells = List.copyOf(Checks.notNull("trainCells", trainCells));
    givenDetectors = java.util.Collections.unmodifiableMap(
        new LinkedHashMap<>(Checks.notNull("givenDetectors", givenDetectors)));
    scoreCells = List.copyOf(Checks.notEmpty("scoreCells", scoreCells));
    Checks.notNull("settings", settings);
    Set<String> ids = new HashSet<>();
    for (TrainCell t : trainCells) {
      if (!ids.add(t.id()) || givenDetectors.containsKey(t.id())) {
        throw new BadArgumentException("trainCells", "id " + t.id() + " is used twice");
      }
    }
    for (String key : givenDetectors.keySet()) {
      TrainCell.checkId(key);
      ids.add(key);
    }
    Set<String> scoreIds = new HashSet<>();
    for (ScoreCell s : scoreCells) {
      if (!scoreIds.add(s.id()) || ids.contains(s.id())) {
        throw new BadArgumentException("scoreCells", "id " + s.id() + " is used twice");
      }
      if (!ids.contains(s.detectorKey())) {
        throw new BadArgumentException("scoreCells", "cell " + s.id() + " uses detector "
            + s.detectorKey() + ", which no train cell or given detector defines");
      }
    }
  }

  /**
   * The score cells that use one detector.
   *
   * @param detectorKey a train cell id or given-detector key
   * @return the cells, in plan order
   */
  public List<ScoreCell> scoreCellsOf(String detectorKey) {
    return scoreCells.stream().filter(s -> s.detectorKey().equals(detectorKey)).toList();
  }

  /**
   * What a detector key was trained on.
   *
   * @param detectorKey a train cell id or given-detector key
   * @return the training set's name for reports
   */
  public String trainedOn(String detectorKey) {
    GivenDetector g = givenDetectors.get(detectorKey);
    if (g != null) {
      return g.trainedOn();
    }
    return trainCells.stream().filter(t -> t.id().equals(detectorKey)).findFirst()
        .map(TrainCell::trainedOn)
        .orElseThrow(() -> new BadArgumentException("detectorKey", detectorKey, "a key of the plan"));
  }
}
