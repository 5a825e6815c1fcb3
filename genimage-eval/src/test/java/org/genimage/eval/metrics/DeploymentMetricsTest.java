package org.genimage.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.junit.jupiter.api.Test;

/**
 * The operating-point and calibration metrics beyond the scikit-learn fixtures: hand-worked values,
 * bootstrap intervals, NaN where a metric is undefined, argument checks.
 */
class DeploymentMetricsTest {
  @Test
  void operatingPointsAreStepsOfTheRocCurveWorkedByHand() {
    // Descending: 0.9 F, 0.8 R, 0.7 F, 0.6 F, 0.5 R, 0.4 R ... 20 reals, 4 fakes.
    int[] y = new int[24];
    double[] s = new double[24];
    y[0] = 1;
    s[0] = 0.9;
    s[1] = 0.8; // the first real: FPR 1/20 = 5% once it is passed
    y[2] = 1;
    s[2] = 0.7;
    y[3] = 1;
    s[3] = 0.6;
    for (int i = 4; i < 23; i++) {
      s[i] = 0.5 - i * 0.01;
    }
    y[23] = 1;
    s[23] = 0.01; // the last fake below every real: TPR 95% needs FPR 1
    assertThat(TprAtFpr.of(y, s, 0.01)).isEqualTo(0.25); // only the 0.9 fake before any real
    assertThat(TprAtFpr.of(y, s, 0.05)).isEqualTo(0.75); // one real allowed: 0.9, 0.7, 0.6
    assertThat(FprAtTpr.of(y, s, 0.95)).isEqualTo(1.0);
    assertThat(FprAtTpr.of(y, s, 0.75)).isEqualTo(0.05);
    assertThat(FprAtTpr.of(y, s, 0.0)).isEqualTo(0.0);
    // Interpolating between (0.05, 0.75) and the next point would give more than 0.25 at 1%.
    RocCurve roc = RocCurve.of(y, s);
    assertThat(roc.falsePositiveRates()[2]).isEqualTo(0.05);
  }

  @Test
  void brierAndEceWorkedByHand() {
    int[] y = {0, 0, 1, 1};
    double[] s = {0.1, 0.3, 0.7, 0.7};
    // Brier: (0.01 + 0.09 + 0.09 + 0.09) / 4
    assertThat(BrierScore.of(y, s)).isCloseTo(0.07, within(1e-15));
    // Two bins: [0, 0.5] holds 0.1, 0.3 (no fakes, mean 0.2); (0.5, 1] holds 0.7, 0.7 (all fake).
    CalibrationCurve c = CalibrationCurve.of(y, s, 2);
    assertThat(c.binIndices()).containsExactly(0, 1);
    assertThat(c.counts()).containsExactly(2, 2);
    assertThat(c.expectedCalibrationError()).isCloseTo(0.5 * 0.2 + 0.5 * 0.3, within(1e-15));
    // A perfectly calibrated constant: half the images fake at score 0.5.
    assertThat(ExpectedCalibrationError.of(new int[] {0, 1}, new double[] {0.5, 0.5})).isZero();
    // 0.5 is an edge of 2 bins and goes to the lower one, as in scikit-learn 1.2.
    assertThat(CalibrationCurve.of(new int[] {1}, new double[] {0.5}, 2).binIndices())
        .containsExactly(0);
  }

  @Test
  void evaluationHasIntervalsForEveryNewMetricAndTheyAreSeeded() {
    SplittableRandom r = new SplittableRandom(11);
    int n = 600;
    int[] y = new int[n];
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      s[i] = Math.min(1, Math.max(0, 0.35 + 0.3 * y[i] + 0.2 * r.nextGaussian()));
    }
    EvaluationOptions o = EvaluationOptions.defaults().withBootstrap(300, 0.9, 5L);
    BinaryEvaluation a = BinaryEvaluation.of(y, s, o);
    BinaryEvaluation b = BinaryEvaluation.of(y, s, o);
    MetricId[] added = {MetricId.TPR_AT_1PCT_FPR, MetricId.TPR_AT_5PCT_FPR,
        MetricId.FPR_AT_95PCT_TPR, MetricId.ECE, MetricId.BRIER};
    for (MetricId m : added) {
      ConfidenceInterval ci = a.interval(m).orElseThrow();
      assertThat(ci).as(m.id() + " seeded").isEqualTo(b.interval(m).orElseThrow());
      assertThat(ci.width()).as(m.id() + " width").isPositive();
      assertThat(ci.contains(a.get(m))).as(m.id() + " covers its point estimate").isTrue();
    }
    assertThat(a.tprAt1PctFpr()).isEqualTo(TprAtFpr.of(y, s, 0.01));
    assertThat(a.fprAt95PctTpr()).isEqualTo(FprAtTpr.of(y, s, 0.95));
    assertThat(a.brierScore()).isCloseTo(BrierScore.of(y, s), within(1e-12));
    assertThat(a.expectedCalibrationError())
        .isCloseTo(ExpectedCalibrationError.of(y, s), within(1e-12));
    BinaryEvaluation other = BinaryEvaluation.of(y, s, o.withBootstrap(300, 0.9, 6L));
    assertThat(other.interval(MetricId.BRIER)).isNotEqualTo(a.interval(MetricId.BRIER));
  }

  @Test
  void undefinedWhereTheDataCannotDefineThem() {
    BinaryEvaluation oneClass = BinaryEvaluation.of(new int[] {0, 0, 0},
        new double[] {0.1, 0.2, 0.3}, EvaluationOptions.defaults());
    assertThat(oneClass.tprAt1PctFpr()).isNaN();
    assertThat(oneClass.fprAt95PctTpr()).isNaN();
    assertThat(oneClass.brierScore()).isCloseTo((0.01 + 0.04 + 0.09) / 3, within(1e-15));
    // Logits are not probabilities: calibration figures are NaN, ranking figures still defined.
    BinaryEvaluation logits = BinaryEvaluation.of(new int[] {0, 1, 0, 1},
        new double[] {-2, 3, 0.5, 1.5}, EvaluationOptions.defaults());
    assertThat(logits.expectedCalibrationError()).isNaN();
    assertThat(logits.brierScore()).isNaN();
    assertThat(logits.interval(MetricId.ECE)).isEmpty();
    assertThat(logits.tprAt5PctFpr()).isEqualTo(1.0);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> BrierScore.of(new int[] {0, 1}, new double[] {0.2, 1.5}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("scores[1]");
    assertThatThrownBy(() -> ExpectedCalibrationError.of(new int[] {1}, new double[] {-0.1}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("scores[0]");
    assertThatThrownBy(() -> CalibrationCurve.of(new int[] {1}, new double[] {0.5}, 0))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("bins");
    assertThatThrownBy(() -> TprAtFpr.of(new int[] {0, 1}, new double[] {0.2, 0.5}, 1.5))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("maxFpr");
    assertThatThrownBy(() -> EvaluationOptions.defaults().withCalibrationBins(0))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("bins");
    assertThat(MetricId.fromId("TPR_AT_1PCT_FPR")).isEqualTo(MetricId.TPR_AT_1PCT_FPR);
    assertThatThrownBy(() -> MetricId.fromId("tpr"))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("brier");
    assertThat(EvaluationOptions.defaults().describe()).containsEntry("calibrationBins", "15");
  }
}
