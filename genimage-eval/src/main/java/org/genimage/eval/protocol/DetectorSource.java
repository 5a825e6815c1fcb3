package org.genimage.eval.protocol;

import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.internal.Checks;
import org.genimage.eval.CheckpointSelection;
import org.genimage.eval.ExperimentPlan;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.TrainCell;

/** A detector a protocol either receives ready-made or trains, with the checkpoint rule applied. */
record DetectorSource(String trainedOn, Detector given, DetectorTrainer trainer, Dataset training,
    Dataset validation) {
  DetectorSource {
    Checks.notBlank("trainedOn", trainedOn);
    if ((given == null) == (trainer == null)) {
      throw new BadArgumentException("detector", "give either a trained detector or a trainer with "
          + "its training data, not both or neither");
    }
    if (trainer != null) {
      Checks.notNull("training", training);
    }
  }

  static DetectorSource given(String trainedOn, Detector detector) {
    return new DetectorSource(trainedOn, Checks.notNull("detector", detector), null, null, null);
  }

  static DetectorSource trained(DetectorTrainer trainer, String trainedOn, Dataset training,
      Dataset validation) {
    return new DetectorSource(trainedOn, null, Checks.notNull("trainer", trainer), training,
        validation);
  }

  /**
   * Adds this source to a plan under a key: a given detector, or a train cell whose validation set
   * follows the settings' checkpoint rule.
   */
  String addTo(String key, List<TrainCell> trainCells,
      Map<String, ExperimentPlan.GivenDetector> givenDetectors, ProtocolSettings settings) {
    if (given != null) {
      givenDetectors.put(key, new ExperimentPlan.GivenDetector(given, trainedOn));
      return key;
    }
    Dataset train = training;
    Dataset val = validation;
    if (settings.checkpointSelection() == CheckpointSelection.HOLDOUT_FROM_TRAINING) {
      train = DatasetSplits.trainPart(training, settings.holdoutFraction(), settings.seed());
      val = DatasetSplits.heldOutPart(training, settings.holdoutFraction(), settings.seed());
    } else if (val == null) {
      throw new BadArgumentException("validation", "is needed for " + trainedOn + " under "
          + "TRAINING_SUBSET_VAL checkpoint selection (or choose HOLDOUT_FROM_TRAINING)");
    }
    trainCells.add(new TrainCell(key, trainedOn, trainer, train, val));
    return key;
  }
}
