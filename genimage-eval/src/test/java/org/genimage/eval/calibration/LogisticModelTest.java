package org.genimage.eval.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.genimage.api.BadArgumentException;
import org.genimage.eval.metrics.RocAuc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Logistic stacking against scikit-learn's unpenalised {@code LogisticRegression}, written by
 * {@code src/test/python/make_stacking_fixtures.py}.
 */
class LogisticModelTest {
  private static final double TOL = 1e-6;

  static Stream<JsonNode> cases() throws IOException {
    try (InputStream in = LogisticModelTest.class.getResourceAsStream(
        "/fixtures/calibration/sklearn_stacking.json")) {
      List<JsonNode> out = new ArrayList<>();
      new ObjectMapper().readTree(in).get("cases").forEach(out::add);
      assertThat(out).hasSize(3);
      return out.stream();
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void matchesSklearn(JsonNode c) {
    int n = c.get("labels").size();
    int[] y = new int[n];
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      y[i] = c.get("labels").get(i).asInt();
      JsonNode row = c.get("features").get(i);
      x[i] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) {
        x[i][j] = row.get(j).asDouble();
      }
    }
    LogisticModel m = LogisticModel.fit(y, x);
    String name = c.get("name").asText();
    assertThat(m.features()).isEqualTo(c.get("weights").size());
    for (int j = 0; j < m.features(); j++) {
      assertThat(m.weights()[j]).as(name + " w" + j).isCloseTo(c.get("weights").get(j).asDouble(),
          within(TOL));
    }
    assertThat(m.bias()).as(name + " bias").isCloseTo(c.get("bias").asDouble(), within(TOL));
  }

  @Test
  void stackingComplementaryMembersBeatsEachMemberOnAuc() {
    // Member 0 sees one half of the fakes, member 1 the other: together they see all of them.
    SplittableRandom r = new SplittableRandom(7);
    int n = 400;
    int[] y = new int[n];
    double[][] x = new double[n][];
    double[] m0 = new double[n];
    double[] m1 = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(2);
      boolean half = r.nextBoolean();
      m0[i] = (y[i] == 1 && half ? 2.5 : 0) + r.nextGaussian();
      m1[i] = (y[i] == 1 && !half ? 2.5 : 0) + r.nextGaussian();
      x[i] = new double[] {m0[i], m1[i]};
    }
    LogisticModel m = LogisticModel.fit(y, x);
    double[] stacked = new double[n];
    for (int i = 0; i < n; i++) {
      stacked[i] = m.apply(x[i]);
    }
    double best = Math.max(RocAuc.of(y, m0), RocAuc.of(y, m1));
    assertThat(RocAuc.of(y, stacked)).isGreaterThan(best + 0.02);
    assertThat(m.weights()[0]).isPositive();
    assertThat(m.weights()[1]).isPositive();
  }

  @Test
  void plattIsTheOneFeatureCaseWithSmoothedTargets() {
    // Hard targets and one feature: the stacking fit; Platt differs only by its smoothed targets, so
    // on many samples the two nearly agree (a = -w, b = -bias).
    SplittableRandom r = new SplittableRandom(3);
    int n = 5000;
    int[] y = new int[n];
    double[] v = new double[n];
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(2);
      v[i] = 1.5 * y[i] + r.nextGaussian();
      x[i] = new double[] {v[i]};
    }
    LogisticModel m = LogisticModel.fit(y, x);
    PlattScaling p = PlattScaling.fit(y, v);
    assertThat(-p.a()).isCloseTo(m.weights()[0], within(0.01));
    assertThat(-p.b()).isCloseTo(m.bias(), within(0.01));
  }

  @Test
  void refusesBadInputs() {
    assertThatThrownBy(() -> LogisticModel.fit(new int[] {0, 1}, new double[][] {{1}}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("features");
    assertThatThrownBy(() -> LogisticModel.fit(new int[] {0, 1}, new double[][] {{1, 2}, {1}}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("features[1]");
    assertThatThrownBy(() -> LogisticModel.fit(new int[] {0, 1}, new double[][] {{1}, {Double.NaN}}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("features[1]");
    assertThatThrownBy(() -> LogisticModel.fit(new int[] {0, 2}, new double[][] {{1}, {2}}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("labels");
    assertThatThrownBy(() -> new LogisticModel(new double[] {Double.POSITIVE_INFINITY}, 0))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("weights[0]");
    assertThatThrownBy(() -> new LogisticModel(new double[] {1}, Double.NaN))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("bias");
  }
}
