package org.genimage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.genimage.api.Precision;
import org.genimage.examples.QuantizeDetector.Row;
import org.junit.jupiter.api.Test;

/** The accuracy guard of {@code genimage quantize}: when an int8 file may be written. */
class QuantizeDetectorTest {
  private static final String INT8 = "oneDNN 2.5.2 inference plan, batch 8, int8, 62 steps";

  private static List<Row> rows(double fp32, double int8) {
    return List.of(new Row(Precision.FP32, "fp32", fp32, 0.9), new Row(Precision.BF16, "bf16", fp32, 0.9),
        new Row(Precision.INT8, INT8, int8, 0.9));
  }

  @Test
  void writesWithinTheThresholdIncludingExactlyAtIt() {
    assertThat(QuantizeDetector.refusal(rows(0.95, 0.95), 0.005, INT8)).isEmpty();
    assertThat(QuantizeDetector.refusal(rows(0.95, 0.96), 0.005, INT8)).isEmpty();
    assertThat(QuantizeDetector.refusal(rows(0.75, 0.75 - 0.00390625), 0.00390625, INT8)).isEmpty();
  }

  @Test
  void refusesALossOverTheThreshold() {
    assertThat(QuantizeDetector.refusal(rows(0.95, 0.944), 0.005, INT8)).contains("loses 0.0060 ROC AUC")
        .contains("0.0050 allowed");
    assertThat(QuantizeDetector.refusal(rows(0.95, 0.9499), 0.0, INT8)).contains("loses");
  }

  @Test
  void refusesAnUndefinedAuc() {
    assertThat(QuantizeDetector.refusal(rows(Double.NaN, Double.NaN), 0.005, INT8)).contains("undefined")
        .contains("both labels");
    assertThat(QuantizeDetector.refusal(rows(0.9, Double.NaN), 1.0, INT8)).contains("undefined");
  }

  @Test
  void refusesWhenInt8DidNotRun() {
    String fp32 = "oneDNN 2.5.2 inference plan, batch 8, fp32 (int8 was asked for but this CPU has no native int8"
        + " kernels ...): running fp32)";
    assertThat(QuantizeDetector.refusal(rows(0.95, 0.95), 0.005, fp32)).startsWith("int8 did not run")
        .contains("no native int8 kernels");
  }
}
