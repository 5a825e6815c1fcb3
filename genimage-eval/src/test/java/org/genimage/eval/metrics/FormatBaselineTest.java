package org.genimage.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ImageFormat.Compression;
import org.junit.jupiter.api.Test;

/** When the format-only baseline exists, its counts, interval and warning threshold. */
class FormatBaselineTest {
  private static final Compression L = Compression.LOSSLESS;
  private static final Compression J = Compression.LOSSY;
  private static final Compression U = Compression.UNKNOWN;

  private static FormatBaseline withAuc(double auc) {
    return new FormatBaseline(1, 1, 1, 1, 0, auc, Optional.empty());
  }

  @Test
  void genimageLikeSetsGetAucOneWithCountsAndAWarning() {
    int[] y = {0, 0, 0, 1, 1, 1, 1};
    Compression[] c = {J, J, J, L, L, L, U};
    FormatBaseline b = FormatBaseline.of(y, c, EvaluationOptions.defaults()).orElseThrow();
    // Three fakes at 1 above three reals at 0; the unknown fake (0.5) is above every real too.
    assertThat(b.rocAuc()).isEqualTo(1.0);
    assertThat(b.realLossy()).isEqualTo(3);
    assertThat(b.realLossless()).isZero();
    assertThat(b.fakeLossless()).isEqualTo(3);
    assertThat(b.fakeLossy()).isZero();
    assertThat(b.unknown()).isEqualTo(1);
    assertThat(b.formatSeparates()).isTrue();
    assertThat(b.warning()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("file format alone separates real from fake here")
        .contains("format-only AUC 1.000").contains("reals: 3 lossy, 0 lossless");
  }

  @Test
  void theIntervalUsesTheEvaluationsBootstrapAndCoversTheAuc() {
    int[] y = new int[200];
    Compression[] c = new Compression[200];
    for (int i = 0; i < 200; i++) {
      y[i] = i % 2;
      // Reals 1 in 4 lossless, fakes 3 in 4: AUC 0.75.
      c[i] = (i / 2) % 4 == 0 ^ y[i] == 1 ? L : J;
    }
    EvaluationOptions o = EvaluationOptions.defaults().withBootstrap(100, 0.9, 7);
    FormatBaseline b = FormatBaseline.of(y, c, o).orElseThrow();
    assertThat(b.rocAuc()).isEqualTo(0.75);
    ConfidenceInterval ci = b.interval().orElseThrow();
    assertThat(ci.replicates()).isEqualTo(100);
    assertThat(ci.level()).isEqualTo(0.9);
    assertThat(ci.seed()).isEqualTo(7);
    assertThat(ci.contains(0.75)).isTrue();
    assertThat(ci.width()).isPositive();
    // The same resamples as a detector whose scores are the baseline's: the same interval.
    assertThat(BinaryEvaluation.of(y, FormatBaseline.scores(c), o).interval(MetricId.ROC_AUC))
        .contains(ci);
    assertThat(b.formatSeparates()).isFalse();
    assertThat(b.warning()).isEmpty();
  }

  @Test
  void noBaselineWithOneFormatOrOneClass() {
    EvaluationOptions o = EvaluationOptions.defaults();
    assertThat(FormatBaseline.of(new int[] {0, 1, 0, 1}, new Compression[] {L, L, L, L}, o))
        .isEmpty();
    assertThat(FormatBaseline.of(new int[] {0, 1, 0, 1}, new Compression[] {U, U, U, U}, o))
        .isEmpty();
    // JPEG reals and WebP (undetermined) fakes: two kinds, and the format separates them.
    assertThat(FormatBaseline.of(new int[] {0, 1, 0, 1}, new Compression[] {J, U, J, U}, o))
        .hasValueSatisfying(b -> assertThat(b.rocAuc()).isEqualTo(1.0));
    assertThat(FormatBaseline.of(new int[] {1, 1}, new Compression[] {L, J}, o)).isEmpty();
  }

  @Test
  void theWarningStartsAtPointNineEitherWay() {
    assertThat(withAuc(0.9).formatSeparates()).isTrue();
    assertThat(withAuc(0.8999).formatSeparates()).isFalse();
    assertThat(withAuc(0.5).formatSeparates()).isFalse();
    // Reals PNG and fakes JPEG is as strong a shortcut.
    assertThat(withAuc(0.05).formatSeparates()).isTrue();
    assertThat(withAuc(0.05).separation()).isCloseTo(0.95, org.assertj.core.api.Assertions.within(1e-15));
    assertThat(withAuc(0.1001).formatSeparates()).isFalse();
  }

  @Test
  void badInputsAreNamed() {
    assertThatThrownBy(() -> FormatBaseline.of(new int[] {0, 1}, new Compression[] {L},
        EvaluationOptions.defaults())).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("same length");
    assertThatThrownBy(() -> FormatBaseline.scores(new Compression[] {L, null}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("compression[1]");
    assertThatThrownBy(() -> withAuc(1.2)).isInstanceOf(BadArgumentException.class);
  }
}
