package org.genimage.eval.metrics;

import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * Test metrics at a fitted threshold, with the threshold and how it was chosen recorded beside
 * them. The threshold-dependent metrics (accuracy, real and fake accuracy) use {@link
 * FittedThreshold#threshold()}; the threshold-free ones are the test set's as always.
 *
 * <pre>{@code
 * ThresholdedEvaluation deployed = ThresholdedEvaluation.of(ThresholdRule.atFpr(0.01),
 *     valLabels, valScores, testLabels, testScores, EvaluationOptions.defaults());
 * ThresholdedEvaluation oracle = ThresholdedEvaluation.oracle(ThresholdRule.atFpr(0.01),
 *     testLabels, testScores, EvaluationOptions.defaults());   // labelled "oracle"
 * }</pre>
 *
 * @param threshold the fitted threshold, its rule and source
 * @param evaluation the test metrics at that threshold
 */
public record ThresholdedEvaluation(FittedThreshold threshold, BinaryEvaluation evaluation) {
  /**
   * Validates the components.
   *
   * @throws BadArgumentException if either is null or the evaluation used another threshold
   */
  public ThresholdedEvaluation {
    Checks.notNull("threshold", threshold);
    Checks.notNull("evaluation", evaluation);
    if (Double.compare(evaluation.threshold(), threshold.threshold()) != 0) {
      throw new BadArgumentException("evaluation", "used threshold " + evaluation.threshold()
          + " but the fitted threshold is " + threshold.threshold());
    }
  }

  /**
   * Fits a threshold on validation scores and evaluates the test scores at it.
   *
   * @param rule how to choose the threshold
   * @param validationLabels 0 or 1 per validation image
   * @param validationScores P(FAKE) per validation image
   * @param testLabels 0 or 1 per test image
   * @param testScores P(FAKE) per test image
   * @param options the bootstrap and other settings (their threshold is replaced)
   * @return the test metrics with the validation threshold beside them
   * @throws BadArgumentException for bad inputs or validation data the rule cannot fit on
   */
  public static ThresholdedEvaluation of(ThresholdRule rule, int[] validationLabels,
      double[] validationScores, int[] testLabels, double[] testScores, EvaluationOptions options) {
    return Checks.notNull("rule", rule).fit(validationLabels, validationScores)
        .evaluate(testLabels, testScores, options);
  }

  /**
   * Chooses the threshold on the test labels and evaluates at it: the oracle counterpart of {@link
   * #of}, labelled as such.
   *
   * @param rule how to choose the threshold
   * @param testLabels 0 or 1 per test image
   * @param testScores P(FAKE) per test image
   * @param options the bootstrap and other settings (their threshold is replaced)
   * @return the test metrics with the oracle threshold beside them
   * @throws BadArgumentException for bad inputs or test data the rule cannot fit on
   */
  public static ThresholdedEvaluation oracle(ThresholdRule rule, int[] testLabels,
      double[] testScores, EvaluationOptions options) {
    return Checks.notNull("rule", rule).oracle(testLabels, testScores)
        .evaluate(testLabels, testScores, options);
  }

  /**
   * Whether the threshold was chosen on the test labels.
   *
   * @return true for an oracle figure
   */
  public boolean isOracle() {
    return threshold.isOracle();
  }
}
