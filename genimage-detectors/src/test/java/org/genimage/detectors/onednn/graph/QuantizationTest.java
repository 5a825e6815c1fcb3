package org.genimage.detectors.onednn.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.junit.jupiter.api.Test;

/** The int8 scale rules, against the formulas they implement, and the ranges' checks and union. */
class QuantizationTest {
  @Test
  void weightScalesAreEachChannelsLargestMagnitudeOver127() {
    // Two output channels of 3 weights each; the second is all zero (scale 1, so nothing divides by zero).
    float[] w = {0.5f, -2.54f, 1f, 0f, 0f, 0f};
    float[] s = Quantization.weightScales(w, 2);
    assertThat(s[0]).isCloseTo(2.54f / 127f, within(1e-7f));
    assertThat(s[1]).isEqualTo(1f);
    // The largest weight maps to exactly +-127 steps.
    assertThat(Math.round(-2.54f / s[0])).isEqualTo(-127);
  }

  @Test
  void rangesRefuseWhatCannotBeAnInterval() {
    assertThatThrownBy(() -> new ActivationRanges.Range(1f, 0f)).isInstanceOf(BadArgumentException.class);
    assertThatThrownBy(() -> new ActivationRanges.Range(Float.NaN, 0f)).isInstanceOf(BadArgumentException.class);
    assertThatThrownBy(() -> new ActivationRanges.Range(0f, Float.POSITIVE_INFINITY))
        .isInstanceOf(BadArgumentException.class);
  }

  @Test
  void unionWidensSharedKeysAndKeepsTheOthers() {
    ActivationRanges a = new ActivationRanges(Map.of("c.weight/in", new ActivationRanges.Range(0f, 2f),
        "c.weight/out", new ActivationRanges.Range(-1f, 1f)));
    ActivationRanges b = new ActivationRanges(Map.of("c.weight/in", new ActivationRanges.Range(-0.5f, 1f),
        "d.weight/in", new ActivationRanges.Range(0f, 3f)));
    ActivationRanges u = a.union(b);
    assertThat(u.ranges()).containsOnlyKeys("c.weight/in", "c.weight/out", "d.weight/in");
    assertThat(u.ranges().get("c.weight/in")).isEqualTo(new ActivationRanges.Range(-0.5f, 2f));
    assertThat(u.ranges().get("d.weight/in")).isEqualTo(new ActivationRanges.Range(0f, 3f));
    assertThat(ActivationRanges.key("c.weight", ActivationRanges.ADDEND)).isEqualTo("c.weight/sum");
  }
}
