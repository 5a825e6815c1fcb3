package org.genimage.eval;

/**
 * An evaluation protocol: it plans cells and assembles their outcome into a typed result. The
 * protocols of {@code org.genimage.eval.protocol} implement it; {@link Experiment#run(Protocol)}
 * runs any of them.
 *
 * @param <R> the result type
 */
public interface Protocol<R extends ExperimentResult> {
  /**
   * The protocol's name ({@code "cross-generator"}).
   *
   * @return the name
   */
  String name();

  /**
   * The cells to compute.
   *
   * @return the plan
   */
  ExperimentPlan plan();

  /**
   * Builds the result from the computed cells.
   *
   * @param outcome every cell of {@link #plan()}, computed or resumed
   * @return the result
   */
  R assemble(RunOutcome outcome);
}
