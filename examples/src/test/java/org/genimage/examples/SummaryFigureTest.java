package org.genimage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import org.junit.jupiter.api.Test;

/** The summary picture's column labels and colour scale. */
class SummaryFigureTest {
  @Test
  void conditionNamesAreShortened() {
    assertThat(SummaryFigure.shortCondition("lowResolution28")).isEqualTo("low-res 28");
    assertThat(SummaryFigure.shortCondition("jpeg65")).isEqualTo("JPEG q65");
    assertThat(SummaryFigure.shortCondition("blurSigma1")).isEqualTo("blur \u03c3 1");
    assertThat(SummaryFigure.shortCondition("clean")).isEqualTo("clean");
    assertThat(SummaryFigure.shortCondition("jpeg")).isEqualTo("jpeg");
  }

  @Test
  void chanceIsRedPerfectIsGreenAndBelowChanceStaysRed() {
    assertThat(hue(SummaryFigure.colour(50))).isEqualTo(0f);
    assertThat(hue(SummaryFigure.colour(20))).isEqualTo(0f);
    assertThat(hue(SummaryFigure.colour(75))).isCloseTo(60f / 360, org.assertj.core.data.Offset.offset(0.01f));
    assertThat(hue(SummaryFigure.colour(100))).isCloseTo(120f / 360, org.assertj.core.data.Offset.offset(0.01f));
    assertThat(SummaryFigure.colour(Double.NaN)).isEqualTo(Color.LIGHT_GRAY);
  }

  private static float hue(Color c) {
    return Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null)[0];
  }
}
