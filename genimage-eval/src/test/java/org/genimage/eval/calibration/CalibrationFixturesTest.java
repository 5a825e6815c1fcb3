package org.genimage.eval.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Platt scaling against scikit-learn's {@code _sigmoid_calibration} and temperature scaling against
 * scipy's bounded minimisation, both written by {@code src/test/python/make_metric_fixtures.py}.
 */
class CalibrationFixturesTest {
  /** scikit-learn's BFGS and scipy's Brent stop short of the optimum by up to about 1e-6. */
  private static final double TOL = 1e-6;

  static Stream<JsonNode> cases() throws IOException {
    try (InputStream in = CalibrationFixturesTest.class.getResourceAsStream(
        "/fixtures/metrics/sklearn_metrics.json")) {
      List<JsonNode> out = new ArrayList<>();
      new ObjectMapper().readTree(in).get("calibration").forEach(out::add);
      assertThat(out).hasSizeGreaterThanOrEqualTo(4);
      return out.stream();
    }
  }

  private static int[] labels(JsonNode c) {
    int[] out = new int[c.get("labels").size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = c.get("labels").get(i).asInt();
    }
    return out;
  }

  private static double[] logits(JsonNode c) {
    double[] out = new double[c.get("logits").size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = c.get("logits").get(i).asDouble();
    }
    return out;
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void plattMatchesSklearnOnLogitsAndProbabilities(JsonNode c) {
    int[] y = labels(c);
    double[] z = logits(c);
    String name = c.get("name").asText();
    PlattScaling onLogits = PlattScaling.fit(y, z);
    assertThat(onLogits.a()).as(name + " a").isCloseTo(c.get("platt_logits").get("a").asDouble(),
        within(TOL));
    assertThat(onLogits.b()).as(name + " b").isCloseTo(c.get("platt_logits").get("b").asDouble(),
        within(TOL));
    if (c.has("platt_probabilities")) {
      double[] p = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        p[i] = 1 / (1 + Math.exp(-z[i]));
      }
      PlattScaling onScores = PlattScaling.fit(y, p);
      JsonNode e = c.get("platt_probabilities");
      assertThat(onScores.a()).as(name + " a on scores").isCloseTo(e.get("a").asDouble(),
          within(TOL * Math.max(1, Math.abs(e.get("a").asDouble()))));
      assertThat(onScores.b()).as(name + " b on scores").isCloseTo(e.get("b").asDouble(),
          within(TOL * Math.max(1, Math.abs(e.get("b").asDouble()))));
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void temperatureMatchesScipy(JsonNode c) {
    double expected = c.get("temperature").asDouble();
    TemperatureScaling t = TemperatureScaling.fit(labels(c), logits(c));
    assertThat(t.temperature()).as(c.get("name").asText())
        .isCloseTo(expected, within(TOL * Math.max(1, expected)));
  }
}
