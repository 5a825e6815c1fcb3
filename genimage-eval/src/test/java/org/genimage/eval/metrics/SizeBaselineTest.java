package org.genimage.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BiasControl;
import org.junit.jupiter.api.Test;

/**
 * When the size-only baseline exists, its AUC against a pair count, its exact-size overlap against
 * a set of "WxH" strings, its interval and its warning under each kind of size control.
 */
class SizeBaselineTest {
  private static final BiasControl NONE = BiasControl.none();

  private static final SizeBaseline.ClassSizes ONE = new SizeBaseline.ClassSizes(1, 1, 8, 8, 1, 64,
      64, 0);

  private static SizeBaseline withAuc(double auc) {
    return new SizeBaseline(ONE, ONE, auc, Optional.empty());
  }

  /** P(fake pixels > real pixels) + P(equal) / 2 over every (real, fake) pair: the AUC's definition. */
  private static double pairAuc(int[] y, int[] w, int[] h) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < y.length; j++) {
        if (y[i] == 0 && y[j] == 1) {
          long real = (long) w[i] * h[i];
          long fake = (long) w[j] * h[j];
          wins += fake > real ? 1 : fake == real ? 0.5 : 0;
          pairs++;
        }
      }
    }
    return wins / pairs;
  }

  @Test
  void smallFakesAmongLargeRealsSeparateAndWarn() {
    int[] y = {0, 0, 0, 1, 1, 1};
    int[] w = {96, 96, 120, 64, 64, 64};
    int[] h = {96, 96, 80, 64, 64, 64};
    SizeBaseline b = SizeBaseline.of(y, w, h, EvaluationOptions.defaults()).orElseThrow();
    // Every fake has fewer pixels than every real: no pair is won.
    assertThat(b.rocAuc()).isEqualTo(0.0);
    assertThat(b.separation()).isEqualTo(1.0);
    assertThat(b.sizeSeparates()).isTrue();
    assertThat(b.real().images()).isEqualTo(3);
    assertThat(b.real().distinctSizes()).isEqualTo(2);
    assertThat(b.real().mostCommonSize()).isEqualTo("96x96");
    assertThat(b.real().mostCommonCount()).isEqualTo(2);
    assertThat(b.real().minPixels()).isEqualTo(96 * 96);
    assertThat(b.real().maxPixels()).isEqualTo(120 * 80);
    assertThat(b.fake().distinctSizes()).isEqualTo(1);
    assertThat(b.fake().mostCommonSize()).isEqualTo("64x64");
    // Every resample keeps every fake below every real.
    assertThat(b.interval().orElseThrow().upper()).isEqualTo(0.0);
    assertThat(b.warning(NONE)).get(InstanceOfAssertFactories.STRING)
        .startsWith("image size alone separates real from fake here (size-only AUC 0.000, the"
            + " fakes are the smaller")
        .contains("reals: 3 images of 2 sizes, most often 96x96 (2), 9216 to 9600 pixels")
        .contains("fakes: 3 images of 1 size, most often 64x64 (3), 4096 to 4096 pixels")
        .contains("--bias-control size");
  }

  @Test
  void largeFakesGiveAucOne() {
    SizeBaseline b = SizeBaseline.of(new int[] {0, 1, 0, 1}, new int[] {64, 512, 100, 512},
        new int[] {64, 512, 50, 512}, EvaluationOptions.defaults()).orElseThrow();
    assertThat(b.rocAuc()).isEqualTo(1.0);
    assertThat(b.warning(NONE)).get(InstanceOfAssertFactories.STRING)
        .contains("the fakes are the larger");
  }

  @Test
  void mixedSizesGiveThePairCountWithTiesAsOneHalf() {
    SplittableRandom r = new SplittableRandom(11);
    int n = 301;
    int[] y = new int[n];
    int[] w = new int[n];
    int[] h = new int[n];
    int[] sides = {64, 128, 256, 300, 512};
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(2);
      // Fakes lean to larger sides; many ties, and 128x512 ties 256x256 in pixels.
      int k = Math.min(sides.length - 1, r.nextInt(4) + y[i]);
      w[i] = sides[k];
      h[i] = r.nextInt(10) == 0 ? sides[sides.length - 1] : sides[k];
    }
    EvaluationOptions o = EvaluationOptions.defaults().withBootstrap(60, 0.9, 3);
    SizeBaseline b = SizeBaseline.of(y, w, h, o).orElseThrow();
    double expected = pairAuc(y, w, h);
    assertThat(expected).isBetween(0.55, 0.85);
    assertThat(b.rocAuc()).isCloseTo(expected, within(1e-12));
    assertThat(b.sizeSeparates()).isFalse();
    assertThat(b.warning(NONE)).isEmpty();
    ConfidenceInterval ci = b.interval().orElseThrow();
    assertThat(ci.replicates()).isEqualTo(60);
    assertThat(ci.level()).isEqualTo(0.9);
    assertThat(ci.contains(b.rocAuc())).isTrue();
    // The same resamples as a detector whose scores are the pixel counts: the same interval.
    assertThat(BinaryEvaluation.of(y, SizeBaseline.scores(w, h), o).interval(MetricId.ROC_AUC))
        .contains(ci);
  }

  @Test
  void noBaselineWithOneSizeOrOneClass() {
    EvaluationOptions o = EvaluationOptions.defaults();
    assertThat(SizeBaseline.of(new int[] {0, 1, 0, 1}, new int[] {64, 64, 64, 64},
        new int[] {32, 32, 32, 32}, o)).isEmpty();
    assertThat(SizeBaseline.of(new int[] {1, 1}, new int[] {64, 96}, new int[] {64, 96}, o))
        .isEmpty();
    // Two sizes of one pixel count: given, and it separates nothing.
    assertThat(SizeBaseline.of(new int[] {0, 1, 0, 1}, new int[] {64, 32, 64, 32},
        new int[] {32, 64, 32, 64}, o))
        .hasValueSatisfying(b -> assertThat(b.rocAuc()).isEqualTo(0.5));
  }

  @Test
  void theWarningStartsAtPointNineEitherWay() {
    assertThat(withAuc(0.9).sizeSeparates()).isTrue();
    assertThat(withAuc(0.8999).sizeSeparates()).isFalse();
    assertThat(withAuc(0.1).sizeSeparates()).isTrue();
    assertThat(withAuc(0.1001).sizeSeparates()).isFalse();
    assertThat(withAuc(0.5).warning(NONE)).isEmpty();
  }

  @Test
  void badInputsAreNamed() {
    EvaluationOptions o = EvaluationOptions.defaults();
    assertThatThrownBy(() -> SizeBaseline.of(new int[] {0, 1}, new int[] {8}, new int[] {8}, o))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("same length");
    assertThatThrownBy(() -> SizeBaseline.of(new int[] {0, 1}, new int[] {8, 8}, new int[] {8}, o))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("heights");
    assertThatThrownBy(() -> SizeBaseline.scores(new int[] {8, 0}, new int[] {8, 8}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("image 1 has size 0x8");
    assertThatThrownBy(() -> withAuc(-0.1)).isInstanceOf(BadArgumentException.class);
    assertThatThrownBy(() -> new SizeBaseline.ClassSizes(2, 3, 8, 8, 1, 64, 64, 0))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("distinctSizes");
  }

  /** The share of {@code label}'s images whose "WxH" some image of the other class has. */
  private static double sharedShare(int[] y, int[] w, int[] h, int label) {
    Set<String> other = new HashSet<>();
    for (int i = 0; i < y.length; i++) {
      if (y[i] != label) {
        other.add(w[i] + "x" + h[i]);
      }
    }
    int shared = 0;
    int images = 0;
    for (int i = 0; i < y.length; i++) {
      if (y[i] == label) {
        images++;
        shared += other.contains(w[i] + "x" + h[i]) ? 1 : 0;
      }
    }
    return (double) shared / images;
  }

  @Test
  void fakesOfOneSizeAmidSmallerAndLargerRealsScoreOneHalfYetShareNoSize() {
    // What a size band leaves: reals on both sides of the fakes' 256x256, none of exactly it.
    int[] y = {0, 0, 0, 0, 1, 1, 1, 1};
    int[] w = {200, 200, 300, 300, 256, 256, 256, 256};
    int[] h = {200, 200, 300, 300, 256, 256, 256, 256};
    SizeBaseline b = SizeBaseline.of(y, w, h, EvaluationOptions.defaults()).orElseThrow();
    assertThat(b.rocAuc()).isEqualTo(0.5);
    assertThat(b.sizeSeparates()).isFalse();
    assertThat(b.fake().sharedSizeImages()).isZero();
    assertThat(b.fake().sharedSizeShare()).isZero();
    assertThat(b.real().sharedSizeShare()).isZero();
  }

  @Test
  void theExactSizeOverlapMatchesAnIndependentCount() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 200;
    int[] y = new int[n];
    int[] w = new int[n];
    int[] h = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(2);
      // Fakes from few sizes, reals from many; some sizes in both; 64x128 and 128x64 differ.
      w[i] = y[i] == 1 ? 64 * (1 + r.nextInt(3)) : 64 * (1 + r.nextInt(8));
      h[i] = y[i] == 1 ? 64 * (1 + r.nextInt(2)) : 64 * (1 + r.nextInt(8));
    }
    SizeBaseline b = SizeBaseline.of(y, w, h, EvaluationOptions.defaults()).orElseThrow();
    double fake = sharedShare(y, w, h, 1);
    double real = sharedShare(y, w, h, 0);
    assertThat(fake).isStrictlyBetween(0.0, 1.0);
    assertThat(real).isStrictlyBetween(0.0, 1.0);
    assertThat(b.fake().sharedSizeShare()).isCloseTo(fake, within(1e-12));
    assertThat(b.real().sharedSizeShare()).isCloseTo(real, within(1e-12));
    assertThatThrownBy(() -> new SizeBaseline.ClassSizes(2, 1, 8, 8, 1, 64, 64, 3))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("sharedSizeImages");
  }

  private static SizeBaseline smallFakes() {
    return SizeBaseline.of(new int[] {0, 0, 1, 1}, new int[] {300, 400, 256, 256},
        new int[] {300, 400, 256, 256}, EvaluationOptions.defaults()).orElseThrow();
  }

  @Test
  void withoutASizeBandTheWarningPointsToOneKeepingTheOtherItems() {
    assertThat(smallFakes().warning(BiasControl.parse("jpeg96"))).get(InstanceOfAssertFactories
        .STRING).contains("compare under the size bias control (--bias-control jpeg96,size)")
        .doesNotContain("even under");
  }

  @Test
  void underTheGeneratorBandTheWarningSaysSoAndSuggestsANarrowerBand() {
    String w = smallFakes().warning(BiasControl.parse("jpeg96,size,balance")).orElseThrow();
    assertThat(w).contains("even under this run's size control (size: reals with sides in"
        + " [n/2, 2n]").doesNotContain("compare under the size bias control");
    // 3/4 and 4/3 of the fakes' 256: the suggestion parses and keeps the other items.
    assertThat(w).endsWith("--bias-control jpeg96,size=192-341,balance");
    BiasControl suggested = BiasControl.parse("jpeg96,size=192-341,balance");
    assertThat(suggested.sizeBand().orElseThrow().admits(256, 256, 0)).isTrue();
  }

  @Test
  void underAFixedBandTheSuggestionStaysInsideIt() {
    assertThat(smallFakes().warning(BiasControl.parse("size=200-500"))).get(
        InstanceOfAssertFactories.STRING).contains("even under this run's size control"
            + " (size=200-500: reals with sides in [200, 500])")
        .endsWith("--bias-control size=200-341");
    // Already as narrow as suggested: no band to offer, the exact size may be the shortcut.
    assertThat(smallFakes().warning(BiasControl.parse("size=250-300"))).get(
        InstanceOfAssertFactories.STRING).contains("the band is already close to the fakes' size")
        .doesNotContain("e.g. --bias-control");
  }
}
