package org.genimage.spectral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.genimage.api.BadArgumentException;
import org.junit.jupiter.api.Test;

/** Residuals against scipy.ndimage fixtures (median_filter, gaussian_filter, correlate; mode reflect). */
class ResidualFilterTest {
  private static void assertMatches(ResidualFilter filter, String fixture, double tolerance) {
    Fixtures.Matrix in = Fixtures.read("residual/input.txt");
    Fixtures.Matrix expected = Fixtures.read("residual/" + fixture);
    float[] out = filter.apply(in.floats(), in.rows(), in.cols(), null);
    for (int i = 0; i < out.length; i++) {
      assertThat((double) out[i]).as("%s at %d", fixture, i)
          .isCloseTo(expected.values()[i], org.assertj.core.data.Offset.offset(tolerance));
    }
  }

  @Test
  void medianResidualMatchesScipy() {
    assertMatches(ResidualFilter.median3x3(), "median3.txt", 0.0);
  }

  @Test
  void gaussianResidualMatchesScipy() {
    assertMatches(ResidualFilter.gaussian(1.0), "gauss1.txt", 1e-4);
  }

  @Test
  void highPassMatchesScipy() {
    assertMatches(ResidualFilter.highPass(), "highpass.txt", 1e-4);
  }

  @Test
  void validatesSigma() {
    assertThatThrownBy(() -> ResidualFilter.gaussian(0)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("sigma");
    assertThatThrownBy(() -> new ResidualFilter(ResidualFilter.Kind.MEDIAN_3X3, 1))
        .isInstanceOf(BadArgumentException.class);
  }
}
