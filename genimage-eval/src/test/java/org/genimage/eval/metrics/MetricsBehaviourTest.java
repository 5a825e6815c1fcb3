package org.genimage.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.junit.jupiter.api.Test;

/** Argument checks, immutability, bootstrap properties and the oracle labelling. */
class MetricsBehaviourTest {
  @Test
  void rejectsMismatchedLengthsBadLabelsAndNaNWithNamedParameters() {
    assertThatThrownBy(() -> RocAuc.of(new int[] {0, 1}, new double[] {0.1}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("scores")
        .hasMessageContaining("1 values").hasMessageContaining("2");
    assertThatThrownBy(() -> Accuracy.of(new int[] {0, 2}, new double[] {0.1, 0.2}, 0.5))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("labels[1] = 2");
    assertThatThrownBy(() -> AveragePrecision.of(new int[] {0, 1}, new double[] {0.1, Double.NaN}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("scores[1]");
    assertThatThrownBy(() -> EqualErrorRate.of(new int[0], new double[0]))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> RocCurve.of(new int[] {1, 1}, new double[] {0.1, 0.2}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("one class");
  }

  @Test
  void curvesCopyTheirArrays() {
    double[] fpr = {0, 0.5, 1};
    RocCurve roc = new RocCurve(fpr, new double[] {0, 1, 1}, new double[] {9, 0.5, 0.1});
    fpr[1] = 0.9;
    assertThat(roc.falsePositiveRates()[1]).isEqualTo(0.5);
    roc.falsePositiveRates()[1] = 0.7;
    assertThat(roc.falsePositiveRates()[1]).isEqualTo(0.5);
    assertThat(roc).isEqualTo(new RocCurve(new double[] {0, 0.5, 1}, new double[] {0, 1, 1},
        new double[] {9, 0.5, 0.1}));
  }

  @Test
  void oracleIsAbsentUnlessAskedFor() {
    int[] y = {0, 0, 1, 1};
    double[] s = {0.6, 0.7, 0.8, 0.9}; // miscalibrated: 0.5 calls everything fake
    BinaryEvaluation plain = BinaryEvaluation.of(y, s, EvaluationOptions.defaults());
    assertThat(plain.oracleAccuracy()).isEmpty();
    assertThat(plain.metrics()).doesNotContainKey(MetricId.ORACLE_ACCURACY);
    assertThatThrownBy(() -> plain.get(MetricId.ORACLE_ACCURACY))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("withOracle");
    assertThat(plain.accuracy()).isEqualTo(0.5);
    BinaryEvaluation oracle = BinaryEvaluation.of(y, s, EvaluationOptions.defaults().withOracle(true));
    assertThat(oracle.oracleAccuracy()).contains(1.0);
    assertThat(oracle.oracleThreshold()).isBetween(0.7, 0.8);
  }

  @Test
  void bootstrapIsSeededAndMatchesTheBinomialStandardError() {
    SplittableRandom r = new SplittableRandom(7);
    int n = 2000;
    int[] y = new int[n];
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      s[i] = Math.min(1, Math.max(0, 0.5 + (y[i] == 1 ? 0.15 : -0.15) + 0.3 * r.nextGaussian()));
    }
    EvaluationOptions o = EvaluationOptions.defaults().withBootstrap(400, 0.95, 11);
    BinaryEvaluation a = BinaryEvaluation.of(y, s, o);
    BinaryEvaluation b = BinaryEvaluation.of(y, s, o);
    assertThat(a).isEqualTo(b);
    BinaryEvaluation c = BinaryEvaluation.of(y, s, o.withBootstrap(400, 0.95, 12));
    assertThat(c.intervals()).isNotEqualTo(a.intervals());
    for (MetricId id : new MetricId[] {MetricId.ACCURACY, MetricId.ROC_AUC,
        MetricId.AVERAGE_PRECISION, MetricId.EER, MetricId.REAL_ACCURACY}) {
      assertThat(a.interval(id).orElseThrow().contains(a.get(id))).as(id.id()).isTrue();
    }
    // Stratified resampling of a balanced set: var(acc) = (var(real acc) + var(fake acc)) / 4, with
    // binomial variances p(1-p)/(n/2). The 95% interval spans about 2 * 1.96 standard errors.
    double pr = a.realAccuracy();
    double pf = a.fakeAccuracy();
    double se = Math.sqrt((pr * (1 - pr) + pf * (1 - pf)) / (n / 2.0)) / 2;
    assertThat(a.interval(MetricId.ACCURACY).orElseThrow().width())
        .isCloseTo(2 * 1.96 * se, within(0.2 * 2 * 1.96 * se));
  }

  @Test
  void weightedSweepAgreesWithMidRankAuc() {
    SplittableRandom r = new SplittableRandom(3);
    int[] y = new int[500];
    double[] s = new double[500];
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextInt(2);
      s[i] = Math.round((r.nextDouble() + 0.2 * y[i]) * 8) / 8.0; // many ties
    }
    assertThat(new ScoreSweep(y, s).compute(null, 0.5).rocAuc())
        .isCloseTo(RocAuc.of(y, s), within(1e-12));
  }
}
