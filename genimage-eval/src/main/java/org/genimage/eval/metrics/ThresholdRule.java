package org.genimage.eval.metrics;

import java.util.Locale;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * How to choose a decision threshold from labelled scores: at a target false positive rate, or at
 * the best balanced accuracy. Fit it on validation scores and apply the result to the test set:
 *
 * <pre>{@code
 * FittedThreshold t = ThresholdRule.atFpr(0.01).fit(valLabels, valScores);
 * ThresholdedEvaluation r = t.evaluate(testLabels, testScores, EvaluationOptions.defaults());
 * r.evaluation().realAccuracy();   // about 0.99 if validation and test agree
 * r.threshold().label();           // "validation: FPR <= 1% (threshold 0.8731, ...)"
 * }</pre>
 *
 * <p>Thresholds follow the project's convention, FAKE when {@code score > threshold}. Among the
 * thresholds that split the fitting scores the same way, the fitted one lies half-way between the
 * two neighbouring distinct scores (as {@link OracleAccuracy}'s); below the lowest score it is the
 * next double down, above the highest it is the highest score itself.
 *
 * @param kind which criterion
 * @param targetFpr the FPR budget in [0, 1] for {@link Kind#TARGET_FPR}, NaN otherwise
 */
public record ThresholdRule(Kind kind, double targetFpr) {
  /** The criteria a threshold can be chosen by. */
  public enum Kind {
    /**
     * The lowest threshold whose false positive rate on the fitting data is at most the target:
     * the most fakes caught within the budget (the operating point of {@link TprAtFpr}).
     */
    TARGET_FPR,
    /**
     * The threshold maximising balanced accuracy {@code (TPR + TNR) / 2}; among ties the highest
     * one (fewest real images called fake).
     */
    BEST_BALANCED_ACCURACY
  }

  /**
   * Validates the components.
   *
   * @throws BadArgumentException for a null kind, or a target FPR outside [0, 1] for {@link
   *     Kind#TARGET_FPR} (it must be NaN for the other kinds)
   */
  public ThresholdRule {
    Checks.notNull("kind", kind);
    if (kind == Kind.TARGET_FPR && !(targetFpr >= 0 && targetFpr <= 1)) {
      throw new BadArgumentException("targetFpr", targetFpr, "a rate in [0, 1]");
    }
    if (kind != Kind.TARGET_FPR && !Double.isNaN(targetFpr)) {
      throw new BadArgumentException("targetFpr", targetFpr, "NaN for " + kind);
    }
  }

  /**
   * The rule "at most this false positive rate on the fitting data".
   *
   * @param fpr the budget in [0, 1], e.g. 0.01
   * @return the rule
   * @throws BadArgumentException for a budget outside [0, 1]
   */
  public static ThresholdRule atFpr(double fpr) {
    return new ThresholdRule(Kind.TARGET_FPR, fpr);
  }

  /**
   * The rule "best balanced accuracy on the fitting data".
   *
   * @return the rule
   */
  public static ThresholdRule bestBalancedAccuracy() {
    return new ThresholdRule(Kind.BEST_BALANCED_ACCURACY, Double.NaN);
  }

  /**
   * Fits the threshold on validation scores.
   *
   * @param labels 0 or 1 per validation image
   * @param scores P(FAKE) per validation image
   * @return the threshold, recorded as {@link ThresholdSource#VALIDATION}
   * @throws BadArgumentException for bad inputs, no real image (a target FPR needs some), or one
   *     class only for the best balanced accuracy
   */
  public FittedThreshold fit(int[] labels, double[] scores) {
    return fit(labels, scores, ThresholdSource.VALIDATION);
  }

  /**
   * Chooses the threshold on the test labels themselves: an oracle figure, recorded and labelled
   * as {@link ThresholdSource#ORACLE}, to compare with a validation fit, never to report alone.
   *
   * @param testLabels 0 or 1 per test image
   * @param testScores P(FAKE) per test image
   * @return the threshold, recorded as {@link ThresholdSource#ORACLE}
   * @throws BadArgumentException as {@link #fit}
   */
  public FittedThreshold oracle(int[] testLabels, double[] testScores) {
    return fit(testLabels, testScores, ThresholdSource.ORACLE);
  }

  private FittedThreshold fit(int[] labels, double[] scores, ThresholdSource source) {
    Curves.Groups g = Curves.groups(labels, scores);
    long pos = g.pos();
    long neg = g.neg();
    if (neg == 0 || (kind == Kind.BEST_BALANCED_ACCURACY && pos == 0)) {
      throw new BadArgumentException("labels", "hold " + pos + " fake and " + neg + " real images; "
          + "fitting a threshold " + describe() + " needs " + (kind == Kind.TARGET_FPR
          ? "real images" : "both classes"));
    }
    double[] tp = g.tp();
    double[] fp = g.fp();
    // k = -1 is "nothing is fake"; k >= 0 is "FAKE when score >= score[k]".
    int chosen = -1;
    if (kind == Kind.TARGET_FPR) {
      for (int k = 0; k < tp.length && fp[k] / neg <= targetFpr; k++) {
        chosen = k;
      }
    } else {
      // Balanced accuracy times 2 * pos * neg, in exact integers: tp * neg + (neg - fp) * pos.
      long best = neg * pos;
      for (int k = 0; k < tp.length; k++) {
        long v = (long) tp[k] * neg + (neg - (long) fp[k]) * pos;
        if (v > best) {
          best = v;
          chosen = k;
        }
      }
    }
    double[] s = g.score();
    double threshold = chosen < 0 ? s[0]
        : chosen + 1 < s.length ? Curves.between(s[chosen + 1], s[chosen])
        : Math.nextDown(s[chosen]);
    double tpCount = chosen < 0 ? 0 : tp[chosen];
    double fpCount = chosen < 0 ? 0 : fp[chosen];
    return new FittedThreshold(this, source, threshold, labels.length,
        fpCount / neg, pos > 0 ? tpCount / pos : Double.NaN);
  }

  /**
   * The rule in words, for reports.
   *
   * @return e.g. {@code "FPR <= 1%"} or {@code "best balanced accuracy"}
   */
  public String describe() {
    return kind == Kind.TARGET_FPR
        ? "FPR <= " + String.format(Locale.ROOT, "%s%%", percent(targetFpr))
        : "best balanced accuracy";
  }

  private static String percent(double rate) {
    String s = String.format(Locale.ROOT, "%.4f", rate * 100);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
