package org.genimage.eval.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.genimage.eval.metrics.ExpectedCalibrationError;
import org.genimage.eval.metrics.RocAuc;
import org.junit.jupiter.api.Test;

/** What calibration does to scores, its edge cases, and the name/parameters round trip. */
class CalibrationBehaviourTest {
  /** Labels drawn from sigmoid(z) and logits z multiplied by 3: a detector 3x overconfident. */
  private static double[][] overconfident(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] y = new double[n];
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double truth = 2 * r.nextGaussian();
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-truth)) ? 1 : 0;
      z[i] = 3 * truth;
    }
    return new double[][] {y, z};
  }

  private static int[] ints(double[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) v[i];
    }
    return out;
  }

  @Test
  void temperatureRecoversTheOverconfidenceAndLowersTheCalibrationError() {
    double[][] d = overconfident(1, 20_000);
    int[] y = ints(d[0]);
    TemperatureScaling t = TemperatureScaling.fit(y, d[1]);
    assertThat(t.temperature()).isCloseTo(3.0, within(0.2));
    double[] raw = new double[y.length];
    double[] calibrated = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      raw[i] = 1 / (1 + Math.exp(-d[1][i]));
      calibrated[i] = t.apply(d[1][i]);
    }
    assertThat(ExpectedCalibrationError.of(y, calibrated))
        .isLessThan(ExpectedCalibrationError.of(y, raw) / 3);
    // A monotone map: the ranking, hence the AUC, does not move.
    assertThat(RocAuc.of(y, calibrated)).isEqualTo(RocAuc.of(y, raw));
    assertThat(TemperatureScaling.fit(y, d[1])).isEqualTo(t); // deterministic
  }

  @Test
  void plattCanShiftAndFlip() {
    double[][] d = overconfident(2, 5_000);
    int[] y = ints(d[0]);
    double[] backwards = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      backwards[i] = 5 - d[1][i];
    }
    PlattScaling p = PlattScaling.fit(y, backwards);
    assertThat(p.a()).isPositive(); // larger output, more likely real: Platt's sign flips
    // The decision point moves back to where the truth is 0: backwards output 5.
    assertThat(p.apply(5)).isCloseTo(0.5, within(0.05));
    assertThat(p.apply(-10)).isGreaterThan(0.99);
  }

  @Test
  void boundsAndSeparableData() {
    int[] y = {0, 0, 1, 1};
    // Separable: the likelihood improves without end as T -> 0; the fit stops at the bound.
    assertThat(TemperatureScaling.fit(y, new double[] {-2, -1, 1, 2}).temperature())
        .isEqualTo(TemperatureScaling.MIN_TEMPERATURE);
    // Backwards logits: no positive temperature helps; the fit flattens them as far as it may.
    assertThat(TemperatureScaling.fit(y, new double[] {2, 1, -1, -2}).temperature())
        .isEqualTo(TemperatureScaling.MAX_TEMPERATURE);
    // Platt's smoothed targets keep the separable fit finite and its outputs inside (0, 1).
    PlattScaling p = PlattScaling.fit(y, new double[] {-2, -1, 1, 2});
    assertThat(p.apply(2)).isBetween(0.7, 0.8); // 3/4, the smoothed target of two fakes, roughly
    assertThat(p.apply(-2)).isBetween(0.2, 0.3);
    // All outputs equal: only the intercept can learn, it learns the smoothed base rate.
    PlattScaling flat = PlattScaling.fit(new int[] {0, 0, 0, 1}, new double[] {0, 0, 0, 0});
    assertThat(flat.apply(0)).isCloseTo((1.0 / 5 * 3 + 2.0 / 3) / 4, within(1e-9));
  }

  @Test
  void roundTripsThroughNameAndParameters() {
    Calibration t = new TemperatureScaling(2.5);
    Calibration p = new PlattScaling(-1.25, 0.5);
    assertThat(t.parameters()).containsExactly(Map.entry("temperature", 2.5));
    assertThat(p.parameters()).containsExactly(Map.entry("a", -1.25), Map.entry("b", 0.5));
    assertThat(Calibration.restore(t.name(), t.parameters())).isEqualTo(t);
    assertThat(Calibration.restore("platt", p.parameters())).isEqualTo(p);
    assertThat(t.apply(5)).isCloseTo(1 / (1 + Math.exp(-2)), within(1e-15));
    assertThat(p.apply(2)).isCloseTo(1 / (1 + Math.exp(-2.0)), within(1e-15));
    assertThat(t.applyToProbability(0.5)).isEqualTo(0.5);
    assertThat(t.applyToProbability(1)).isEqualTo(1.0);
    assertThat(t.applyToProbability(1 / (1 + Math.exp(-5)))).isCloseTo(t.apply(5), within(1e-12));
  }

  @Test
  void rejectsBadInputsWithNamedParameters() {
    assertThatThrownBy(() -> Calibration.restore("isotonic", Map.of()))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("platt");
    assertThatThrownBy(() -> Calibration.restore("platt", Map.of("a", 1.0)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("\"b\"");
    assertThatThrownBy(() -> Calibration.restore("temperature",
        Map.of("temperature", 1.0, "bias", 0.0)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("exactly");
    assertThatThrownBy(() -> new TemperatureScaling(0))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("temperature");
    assertThatThrownBy(() -> TemperatureScaling.fit(new int[] {0, 1},
        new double[] {0, Double.POSITIVE_INFINITY}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("logits[1]");
    assertThatThrownBy(() -> PlattScaling.fit(new int[] {0, 3}, new double[] {0, 1}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("labels[1]");
    assertThatThrownBy(() -> new PlattScaling(0, 0).applyToProbability(1.5))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("probability");
  }
}
