package org.genimage.examples;

import org.genimage.api.TrainingListener;
import org.genimage.eval.ProgressListener;

/**
 * Where the examples report what they are doing: the experiment runner's and the trainers' events,
 * plus short status lines and counted steps of their own work (writing a dataset, scoring files). The
 * command-line tool draws progress bars from it; tests pass {@link #NONE}.
 */
public interface Progress extends ProgressListener, TrainingListener {
  /** Reports nothing. */
  Progress NONE = new Progress() {};

  /**
   * A one-line status message ("training resnet on sd14").
   *
   * @param text the message
   */
  default void message(String text) {}

  /**
   * Something the user must hear of even when status lines are off: files a scan indexed without a
   * class or a generator, folders it could not map, zero-byte files it recorded.
   *
   * @param text the warning, one line
   */
  default void warning(String text) {}

  /**
   * Starts a counted task; {@link #step} advances it and {@link #endTask} closes it.
   *
   * @param name the task's name
   * @param total the number of steps
   */
  default void startTask(String name, long total) {}

  /**
   * Advances the current counted task.
   *
   * @param done steps done so far
   */
  default void step(long done) {}

  /** Ends the current counted task. */
  default void endTask() {}
}
