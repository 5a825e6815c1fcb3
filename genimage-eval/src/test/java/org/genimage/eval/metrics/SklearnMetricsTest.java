package org.genimage.eval.metrics;

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
 * Every metric against scikit-learn 1.2 values written by
 * {@code src/test/python/make_metric_fixtures.py}: ties, one-class sets, scores on the threshold.
 */
class SklearnMetricsTest {
  private static final double TOL = 1e-12;
  /** The operating-point and calibration metrics: same formulas, other summation orders. */
  private static final double METRIC_TOL = 1e-9;

  static Stream<JsonNode> cases() throws IOException {
    try (InputStream in = SklearnMetricsTest.class.getResourceAsStream(
        "/fixtures/metrics/sklearn_metrics.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<JsonNode> out = new ArrayList<>();
      root.get("cases").forEach(out::add);
      assertThat(out).hasSizeGreaterThan(8);
      return out.stream();
    }
  }

  private static int[] labels(JsonNode c) {
    JsonNode a = c.get("labels");
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  private static void expect(double actual, JsonNode expected, String what) {
    expect(actual, expected, what, TOL);
  }

  private static void expect(double actual, JsonNode expected, String what, double tol) {
    assertThat(expected).as(what + " is in the fixture").isNotNull();
    if (expected.isNull()) {
      assertThat(actual).as(what + " (undefined in sklearn)").isNaN();
    } else {
      assertThat(actual).as(what).isCloseTo(expected.asDouble(), within(tol));
    }
  }

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void scalarMetricsMatchSklearn(JsonNode c) {
    int[] y = labels(c);
    double[] s = doubles(c.get("scores"));
    double t = c.get("threshold").asDouble();
    String name = c.get("name").asText();
    expect(Accuracy.of(y, s, t), c.get("accuracy"), name + " accuracy");
    expect(Accuracy.real(y, s, t), c.get("real_accuracy"), name + " real accuracy");
    expect(Accuracy.fake(y, s, t), c.get("fake_accuracy"), name + " fake accuracy");
    expect(AveragePrecision.of(y, s), c.get("average_precision"), name + " AP");
    expect(RocAuc.of(y, s), c.get("roc_auc"), name + " AUC");
    expect(EqualErrorRate.of(y, s), c.get("eer"), name + " EER");
    expect(OracleAccuracy.of(y, s).accuracy(), c.get("oracle_accuracy"), name + " oracle");

    BinaryEvaluation e = BinaryEvaluation.of(y, s,
        EvaluationOptions.defaults().withThreshold(t).withOracle(true));
    expect(e.accuracy(), c.get("accuracy"), name + " evaluation accuracy");
    expect(e.rocAuc(), c.get("roc_auc"), name + " evaluation AUC");
    expect(e.averagePrecision(), c.get("average_precision"), name + " evaluation AP");
    expect(e.oracleAccuracy().orElseThrow(), c.get("oracle_accuracy"), name + " evaluation oracle");
    // The oracle threshold must actually reach the oracle accuracy.
    assertThat(Accuracy.of(y, s, e.oracleThreshold())).as(name + " oracle threshold")
        .isCloseTo(e.oracleAccuracy().orElseThrow(), within(TOL));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void curvesMatchSklearn(JsonNode c) {
    int[] y = labels(c);
    double[] s = doubles(c.get("scores"));
    if (c.has("roc_fpr")) {
      RocCurve roc = RocCurve.of(y, s);
      assertThat(roc.falsePositiveRates()).containsExactly(doubles(c.get("roc_fpr")), within(TOL));
      assertThat(roc.truePositiveRates()).containsExactly(doubles(c.get("roc_tpr")), within(TOL));
      double[] thr = roc.thresholds();
      assertThat(thr[0]).isInfinite();
      assertThat(java.util.Arrays.copyOfRange(thr, 1, thr.length))
          .containsExactly(doubles(c.get("roc_thresholds")), within(0.0));
      assertThat(roc.area()).isCloseTo(c.get("roc_auc").asDouble(), within(1e-12));
    }
    if (c.has("pr_precision")) {
      PrecisionRecallCurve pr = PrecisionRecallCurve.of(y, s);
      assertThat(pr.precisions()).containsExactly(doubles(c.get("pr_precision")), within(TOL));
      assertThat(pr.recalls()).containsExactly(doubles(c.get("pr_recall")), within(TOL));
      assertThat(pr.thresholds()).containsExactly(doubles(c.get("pr_thresholds")), within(0.0));
      assertThat(pr.averagePrecision())
          .isCloseTo(c.get("average_precision").asDouble(), within(TOL));
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void operatingPointsAndCalibrationMatchSklearn(JsonNode c) {
    int[] y = labels(c);
    double[] s = doubles(c.get("scores"));
    String name = c.get("name").asText();
    expect(TprAtFpr.of(y, s, 0.01), c.get("tpr_at_fpr_0.01"), name + " TPR@1%FPR", METRIC_TOL);
    expect(TprAtFpr.of(y, s, 0.05), c.get("tpr_at_fpr_0.05"), name + " TPR@5%FPR", METRIC_TOL);
    expect(FprAtTpr.of(y, s, 0.95), c.get("fpr_at_tpr_0.95"), name + " FPR@95%TPR", METRIC_TOL);
    expect(BrierScore.of(y, s), c.get("brier"), name + " Brier", METRIC_TOL);
    expect(ExpectedCalibrationError.of(y, s), c.get("calibration_15").get("ece"), name + " ECE",
        METRIC_TOL);

    for (int bins : new int[] {15, 10}) {
      JsonNode cal = c.get("calibration_" + bins);
      CalibrationCurve curve = CalibrationCurve.of(y, s, bins);
      assertThat(curve.binIndices()).as(name + " bins " + bins).containsExactly(
          ints(cal.get("bin_index")));
      assertThat(curve.counts()).as(name + " counts " + bins).containsExactly(ints(cal.get("count")));
      assertThat(curve.fractionFake()).as(name + " prob_true " + bins)
          .containsExactly(doubles(cal.get("fraction_fake")), within(METRIC_TOL));
      assertThat(curve.meanScore()).as(name + " prob_pred " + bins)
          .containsExactly(doubles(cal.get("mean_score")), within(METRIC_TOL));
      expect(curve.expectedCalibrationError(), cal.get("ece"), name + " ECE " + bins, METRIC_TOL);
    }

    BinaryEvaluation e = BinaryEvaluation.of(y, s, EvaluationOptions.defaults()
        .withCalibrationBins(10));
    expect(e.tprAt1PctFpr(), c.get("tpr_at_fpr_0.01"), name + " evaluation TPR@1%FPR", METRIC_TOL);
    expect(e.tprAt5PctFpr(), c.get("tpr_at_fpr_0.05"), name + " evaluation TPR@5%FPR", METRIC_TOL);
    expect(e.fprAt95PctTpr(), c.get("fpr_at_tpr_0.95"), name + " evaluation FPR@95%TPR",
        METRIC_TOL);
    expect(e.brierScore(), c.get("brier"), name + " evaluation Brier", METRIC_TOL);
    expect(e.expectedCalibrationError(), c.get("calibration_10").get("ece"),
        name + " evaluation ECE (10 bins)", METRIC_TOL);
  }

  static Stream<JsonNode> formatCases() throws IOException {
    try (InputStream in = SklearnMetricsTest.class.getResourceAsStream(
        "/fixtures/metrics/sklearn_metrics.json")) {
      List<JsonNode> out = new ArrayList<>();
      new ObjectMapper().readTree(in).get("format_baseline").forEach(out::add);
      assertThat(out).hasSizeGreaterThanOrEqualTo(5);
      return out.stream();
    }
  }

  /** The fixture derives "is lossless" from the names in Python; here ImageFormat does. */
  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("formatCases")
  void formatBaselineMatchesSklearn(JsonNode c) {
    int[] y = labels(c);
    JsonNode files = c.get("files");
    org.genimage.api.ImageFormat.Compression[] compression =
        new org.genimage.api.ImageFormat.Compression[files.size()];
    for (int i = 0; i < compression.length; i++) {
      compression[i] = org.genimage.api.ImageFormat.ofFileName(files.get(i).asText()).compression();
    }
    java.util.Optional<FormatBaseline> b = FormatBaseline.of(y, compression,
        EvaluationOptions.defaults().withBootstrap(0, 0.95, 0));
    String name = c.get("name").asText();
    if (c.get("roc_auc").isNull()) {
      assertThat(b).as(name + ": one format, no baseline").isEmpty();
    } else {
      assertThat(b).as(name).isPresent();
      assertThat(b.get().rocAuc()).as(name).isCloseTo(c.get("roc_auc").asDouble(), within(TOL));
      assertThat(b.get().interval()).as(name + ": no bootstrap asked for").isEmpty();
    }
  }
}
