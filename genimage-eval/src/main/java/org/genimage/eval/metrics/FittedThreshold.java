package org.genimage.eval.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * A decision threshold chosen by a {@link ThresholdRule}, with how and where it was chosen, so that
 * a result can say {@code "threshold 0.873, fitted on validation at FPR <= 1%"} beside its
 * metrics. One chosen on the test labels is an {@link ThresholdSource#ORACLE} threshold and its
 * {@link #label()} says so.
 *
 * @param rule the rule that chose it
 * @param source where it was chosen: validation data or (oracle) the test labels
 * @param threshold the threshold: FAKE when {@code score > threshold}
 * @param samples how many images it was fitted on
 * @param fpr the false positive rate it reached on the fitting data
 * @param tpr the true positive rate it reached on the fitting data (NaN without fake images)
 */
public record FittedThreshold(ThresholdRule rule, ThresholdSource source, double threshold,
    int samples, double fpr, double tpr) {
  /**
   * Validates the components.
   *
   * @throws BadArgumentException for a null rule or source, a NaN threshold or no samples
   */
  public FittedThreshold {
    Checks.notNull("rule", rule);
    Checks.notNull("source", source);
    if (Double.isNaN(threshold)) {
      throw new BadArgumentException("threshold", threshold, "a number (not NaN)");
    }
    Checks.positive("samples", samples);
  }

  /**
   * Whether the threshold was chosen on the test labels.
   *
   * @return true for an oracle threshold
   */
  public boolean isOracle() {
    return source == ThresholdSource.ORACLE;
  }

  /**
   * How the threshold was chosen, for reports; an oracle one starts with "oracle".
   *
   * @return e.g. {@code "validation: FPR <= 1% (threshold 0.8731; on 2000 images FPR 0.0095, TPR
   *     0.7340)"}
   */
  public String label() {
    String where = isOracle() ? "oracle (tuned on the test labels, not deployable)" : "validation";
    return String.format(Locale.ROOT, "%s: %s (threshold %.4f; on %d images FPR %.4f, TPR %.4f)",
        where, rule.describe(), threshold, samples, fpr, tpr);
  }

  /**
   * The threshold and its provenance as strings, for result files.
   *
   * @return an ordered map: thresholdRule, thresholdSource, threshold, fittedSamples, fittedFpr,
   *     fittedTpr
   */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("thresholdRule", rule.describe());
    m.put("thresholdSource", source.id());
    m.put("threshold", Double.toString(threshold));
    m.put("fittedSamples", Integer.toString(samples));
    m.put("fittedFpr", Double.toString(fpr));
    m.put("fittedTpr", Double.toString(tpr));
    return m;
  }

  /**
   * Evaluates test scores at this threshold.
   *
   * @param labels 0 or 1 per test image
   * @param scores P(FAKE) per test image
   * @param options the bootstrap and other settings; their threshold is replaced by this one
   * @return the evaluation with this threshold recorded beside it
   * @throws BadArgumentException for bad inputs
   */
  public ThresholdedEvaluation evaluate(int[] labels, double[] scores, EvaluationOptions options) {
    Checks.notNull("options", options);
    return new ThresholdedEvaluation(this,
        BinaryEvaluation.of(labels, scores, options.withThreshold(threshold)));
  }
}
