package org.genimage.eval;

import java.util.regex.Pattern;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.internal.Checks;

/**
 * One training run of a plan. Its detector is saved in the run directory under its id and is
 * referred to by score cells through that id.
 *
 * @param id a file-name-safe id, unique in the plan ({@code "train-sd14"})
 * @param trainedOn what the detector is trained on, for reports ({@code "sd14"})
 * @param trainer the trainer
 * @param training the training set
 * @param validation the checkpoint-selection set
 */
public record TrainCell(String id, String trainedOn, DetectorTrainer trainer, Dataset training,
    Dataset validation) {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /**
   * Validates the components.
   *
   * @throws BadArgumentException for a null component or an id that is not a safe file name
   */
  public TrainCell {
    checkId(id);
    Checks.notBlank("trainedOn", trainedOn);
    Checks.notNull("trainer", trainer);
    Checks.notNull("training", training);
    Checks.notNull("validation", validation);
  }

  static void checkId(String id) {
    Checks.notNull("id", id);
    if (!ID.matcher(id).matches() || id.length() > 120) {
      throw new BadArgumentException("id", id,
          "letters, digits, '.', '_' and '-', at most 120 characters (it names files)");
    }
  }

  /**
   * A file-name-safe form of a free name: other characters become '_'.
   *
   * @param name a name such as {@code "sd14/val"}
   * @return a safe id fragment such as {@code "sd14_val"}
   */
  public static String safe(String name) {
    String s = Checks.notNull("name", name).replaceAll("[^A-Za-z0-9._-]", "_");
    return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) ? "x" + s : s;
  }
}
