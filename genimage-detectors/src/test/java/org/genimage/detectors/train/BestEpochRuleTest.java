package org.genimage.detectors.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BestEpochRuleTest {
  @Test
  void higherAucWinsWhateverTheAccuracy() {
    assertThat(SameDiffTrainer.isImprovement(0.91, 0.60, 0.90, 0.95)).isTrue();
    assertThat(SameDiffTrainer.isImprovement(0.89, 0.99, 0.90, 0.50)).isFalse();
  }

  @Test
  void equalAucIsBrokenByAccuracyAtTheDefaultThreshold() {
    assertThat(SameDiffTrainer.isImprovement(1.0, 0.98, 1.0, 0.72)).isTrue();
    assertThat(SameDiffTrainer.isImprovement(1.0, 0.72, 1.0, 0.98)).isFalse();
    assertThat(SameDiffTrainer.isImprovement(1.0, 0.98, 1.0, 0.98)).isFalse();
  }

  @Test
  void theFirstEpochImprovesOnNothingButNanNeverWins() {
    assertThat(SameDiffTrainer.isImprovement(0.5, 0.5, Double.NEGATIVE_INFINITY,
        Double.NEGATIVE_INFINITY)).isTrue();
    assertThat(SameDiffTrainer.isImprovement(Double.NaN, 1.0, Double.NEGATIVE_INFINITY,
        Double.NEGATIVE_INFINITY)).isFalse();
  }
}
