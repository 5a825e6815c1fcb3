package org.genimage.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.junit.jupiter.api.Test;

/** Thresholds fitted on validation scores, applied to test scores, and the oracle labelling. */
class ThresholdRuleTest {
  private static final int[] Y = {0, 0, 0, 0, 1, 0, 1, 1, 1, 0};
  private static final double[] S = {0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9};

  @Test
  void fitsByHandOnASmallSet() {
    // Descending: 0.9 R, 0.8 F, 0.7 F, 0.6 F, 0.5 R, 0.45 F, ... 6 reals, 4 fakes.
    FittedThreshold none = ThresholdRule.atFpr(0.1).fit(Y, S);
    assertThat(none.threshold()).isEqualTo(0.9); // even the top score is real: flag nothing
    assertThat(none.fpr()).isZero();
    assertThat(none.tpr()).isZero();
    FittedThreshold one = ThresholdRule.atFpr(0.2).fit(Y, S); // one real of six allowed
    assertThat(one.threshold()).isCloseTo(0.55, within(1e-15)); // half-way between 0.6 and 0.5
    assertThat(one.fpr()).isCloseTo(1.0 / 6, within(1e-15));
    assertThat(one.tpr()).isEqualTo(0.75);
    FittedThreshold ba = ThresholdRule.bestBalancedAccuracy().fit(Y, S);
    // Below 0.45: TPR 1, TNR 4/6 -> 0.8333 beats 0.75 TPR, TNR 5/6 -> 0.7917.
    assertThat(ba.threshold()).isCloseTo(0.425, within(1e-15));
    assertThat(ba.tpr()).isEqualTo(1.0);
    assertThat(ba.source()).isEqualTo(ThresholdSource.VALIDATION);
    assertThat(ThresholdRule.atFpr(1).fit(Y, S).threshold()).isEqualTo(Math.nextDown(0.1));
  }

  @Test
  void targetFprFitIsTheBestThresholdWithinTheBudgetByBruteForce() {
    SplittableRandom r = new SplittableRandom(3);
    for (int trial = 0; trial < 20; trial++) {
      int n = 50 + r.nextInt(200);
      int[] y = new int[n];
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        y[i] = r.nextInt(3) == 0 ? 1 : 0;
        s[i] = Math.round((0.3 * y[i] + r.nextDouble()) * 20) / 20.0; // ties on purpose
      }
      y[0] = 0;
      y[1] = 1;
      for (double target : new double[] {0.01, 0.05, 0.2}) {
        FittedThreshold t = ThresholdRule.atFpr(target).fit(y, s);
        double bestTpr = 0;
        for (double c : candidates(s)) {
          if (1 - Accuracy.real(y, s, c) <= target) {
            bestTpr = Math.max(bestTpr, Accuracy.fake(y, s, c));
          }
        }
        assertThat(1 - Accuracy.real(y, s, t.threshold())).as("fpr").isLessThanOrEqualTo(target)
            .isCloseTo(t.fpr(), within(1e-12));
        assertThat(Accuracy.fake(y, s, t.threshold())).as("tpr").isEqualTo(bestTpr)
            .isCloseTo(t.tpr(), within(1e-12));
        // The fitted operating point is the metric's: TPR at the FPR budget of roc_curve.
        assertThat(t.tpr()).isCloseTo(TprAtFpr.of(y, s, target), within(1e-12));
      }
      FittedThreshold ba = ThresholdRule.bestBalancedAccuracy().fit(y, s);
      double bestBa = 0;
      for (double c : candidates(s)) {
        bestBa = Math.max(bestBa, (Accuracy.real(y, s, c) + Accuracy.fake(y, s, c)) / 2);
      }
      assertThat((Accuracy.real(y, s, ba.threshold()) + Accuracy.fake(y, s, ba.threshold())) / 2)
          .isCloseTo(bestBa, within(1e-12));
    }
  }

  /** Every distinct score and one below the lowest: all ways "score > t" can split the set. */
  private static double[] candidates(double[] s) {
    double[] d = Arrays.stream(s).distinct().sorted().toArray();
    double[] out = Arrays.copyOf(d, d.length + 1);
    out[d.length] = d[0] - 1;
    return out;
  }

  @Test
  void appliesTheValidationThresholdToTheTestSetAndRecordsIt() {
    int[] testY = {0, 1, 0, 1};
    double[] testS = {0.5, 0.52, 0.7, 0.3};
    ThresholdedEvaluation r = ThresholdedEvaluation.of(ThresholdRule.atFpr(0.2), Y, S, testY,
        testS, EvaluationOptions.defaults().withBootstrap(0, 0.95, 0));
    assertThat(r.isOracle()).isFalse();
    assertThat(r.evaluation().threshold()).isEqualTo(r.threshold().threshold());
    // Threshold 0.55 (from validation): 0.5 real right, 0.52 fake missed, 0.7 real wrong, 0.3 missed.
    assertThat(r.evaluation().accuracy()).isEqualTo(0.25);
    assertThat(r.threshold().label()).startsWith("validation: FPR <= 20% (threshold 0.5500")
        .doesNotContain("oracle");
    assertThat(r.threshold().describe()).containsEntry("thresholdSource", "validation")
        .containsEntry("thresholdRule", "FPR <= 20%").containsEntry("fittedSamples", "10");
  }

  @Test
  void anOracleThresholdIsAlwaysLabelledOracle() {
    ThresholdedEvaluation o = ThresholdedEvaluation.oracle(ThresholdRule.bestBalancedAccuracy(), Y,
        S, EvaluationOptions.defaults());
    assertThat(o.isOracle()).isTrue();
    assertThat(o.threshold().source()).isEqualTo(ThresholdSource.ORACLE);
    assertThat(o.threshold().label()).startsWith("oracle").contains("test labels");
    assertThat(o.threshold().describe()).containsEntry("thresholdSource", "oracle");
    FittedThreshold viaRule = ThresholdRule.bestBalancedAccuracy().oracle(Y, S);
    assertThat(viaRule.threshold()).isEqualTo(o.threshold().threshold());
    assertThat(ThresholdRule.atFpr(0.005).describe()).isEqualTo("FPR <= 0.5%");
  }

  @Test
  void rejectsWhatCannotBeFitted() {
    assertThatThrownBy(() -> ThresholdRule.atFpr(0.01).fit(new int[] {1, 1}, new double[] {.2, .3}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("real images");
    assertThatThrownBy(() -> ThresholdRule.bestBalancedAccuracy()
        .fit(new int[] {0, 0}, new double[] {.2, .3}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("both classes");
    assertThatThrownBy(() -> ThresholdRule.atFpr(-0.1))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("targetFpr");
    FittedThreshold onlyReals = ThresholdRule.atFpr(0.5).fit(new int[] {0, 0}, new double[] {.2, .3});
    assertThat(onlyReals.threshold()).isCloseTo(0.25, within(1e-15));
    assertThat(onlyReals.tpr()).isNaN();
    FittedThreshold t = ThresholdRule.atFpr(0.2).fit(Y, S);
    BinaryEvaluation other = BinaryEvaluation.of(Y, S, EvaluationOptions.defaults());
    assertThatThrownBy(() -> new ThresholdedEvaluation(t, other))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("threshold");
  }
}
