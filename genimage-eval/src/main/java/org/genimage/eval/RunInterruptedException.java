package org.genimage.eval;

import org.genimage.api.GenImageException;

/**
 * Thrown when the thread running an experiment is interrupted. Finished cells are saved; running the
 * same experiment on the same run directory resumes after them.
 */
public class RunInterruptedException extends GenImageException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param cellId the cell that was in progress and is lost
   * @param cause the interruption
   */
  public RunInterruptedException(String cellId, Throwable cause) {
    super("interrupted during cell " + cellId + "; finished cells are saved, run again to resume",
        cause);
  }
}
