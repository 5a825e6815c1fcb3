package org.genimage.api.eval;

/** What a run does with an image that cannot be loaded while scoring. */
public enum BadImagePolicy {
  /**
   * Record the image (id, path, problem) in the cell's {@link CellScores#skipped()} list, leave it
   * out of the metrics, and go on. The default: GenImage ships zero-byte and corrupt files.
   */
  SKIP,
  /** Fail the run with the {@link org.genimage.api.BadImageException} naming the file. */
  STRICT
}
