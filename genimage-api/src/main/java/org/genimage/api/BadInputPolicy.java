package org.genimage.api;

/**
 * What a reader or a run does with a bad input (an image that cannot be decoded, a folder that
 * cannot be read): record it and go on, or fail with a typed exception naming it.
 *
 * <p>One policy for every place that meets bad input: the dataset scanner and loader, the
 * evaluation runner and the Spark scorer. Skipped inputs are never silent: each is recorded with
 * its path and problem (a scan's problem list, a cell's skipped images).
 */
public enum BadInputPolicy {
  /**
   * Record the input (path and problem), leave it out, and go on. The default for evaluation:
   * GenImage ships zero-byte and corrupt files.
   */
  SKIP,
  /**
   * Fail at the first bad input with {@link BadImageException} or {@link
   * BadDatasetLayoutException} naming the file.
   */
  FAIL
}
