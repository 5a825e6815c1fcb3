package org.genimage.eval.metrics;

/**
 * Where a {@link FittedThreshold} was chosen: on held-out validation scores (a deployable figure) or
 * on the very test labels it is evaluated on (an oracle figure, which a deployed detector can never
 * reach and which reports always label as such).
 */
public enum ThresholdSource {
  /** Fitted on validation data, then applied to the test set unchanged. */
  VALIDATION("validation"),
  /** Chosen on the test labels themselves: an upper bound, not a deployable figure. */
  ORACLE("oracle");

  private final String id;

  ThresholdSource(String id) {
    this.id = id;
  }

  /**
   * The stable id for files and reports.
   *
   * @return {@code "validation"} or {@code "oracle"}
   */
  public String id() {
    return id;
  }
}
