package org.genimage.spectral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.genimage.api.BadArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Spectra against numpy.fft.fft2 / fftshift fixtures, Parseval, and a sinusoid's peak bin. */
class SpectraTest {
  private static final String[] SIZES = {"7x9", "16x16", "12x20", "15x8", "31x33"};

  /** max |a - b| / max |b|: the error relative to the spectrum's largest value. */
  private static double relativeError(double[] actual, double[] expected) {
    double maxDiff = 0;
    double maxRef = 0;
    for (int i = 0; i < expected.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
      maxRef = Math.max(maxRef, Math.abs(expected[i]));
    }
    return maxDiff / maxRef;
  }

  @ParameterizedTest
  @ValueSource(strings = {"7x9", "16x16", "12x20", "15x8", "31x33"})
  void doubleFft2EqualsNumpy(String size) {
    Fixtures.Matrix in = Fixtures.read("fft/input_" + size + ".txt");
    Fixtures.Matrix expected = Fixtures.read("fft/fft2_" + size + ".txt");
    double[] actual = Spectra.fft2(in.values(), in.rows(), in.cols());
    assertThat(relativeError(actual, expected.values())).isLessThan(1e-12);
  }

  @ParameterizedTest
  @ValueSource(strings = {"7x9", "16x16", "12x20", "15x8", "31x33"})
  void floatHalfSpectrumEqualsNumpyRfft2(String size) {
    Fixtures.Matrix in = Fixtures.read("fft/input_" + size + ".txt");
    Fixtures.Matrix full = Fixtures.read("fft/fft2_" + size + ".txt");
    int h = in.rows();
    int w = in.cols();
    RealFft2d fft = new RealFft2d(h, w);
    float[] half = fft.forward(in.floats(), new float[2 * h * fft.halfWidth()]);
    // rfft2 is the first width / 2 + 1 columns of fft2.
    double[] expected = new double[half.length];
    double[] actual = new double[half.length];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < fft.halfWidth(); c++) {
        for (int k = 0; k < 2; k++) {
          expected[2 * (r * fft.halfWidth() + c) + k] = full.values()[r * 2 * w + 2 * c + k];
          actual[2 * (r * fft.halfWidth() + c) + k] = half[2 * (r * fft.halfWidth() + c) + k];
        }
      }
    }
    assertThat(relativeError(actual, expected)).isLessThan(1e-6);
  }

  @ParameterizedTest
  @ValueSource(strings = {"7x9", "16x16", "12x20", "15x8", "31x33"})
  void centredMagnitudeEqualsNumpyFftshift(String size) {
    Fixtures.Matrix in = Fixtures.read("fft/input_" + size + ".txt");
    Fixtures.Matrix expected = Fixtures.read("fft/shiftmag_" + size + ".txt");
    Spectrum s = Spectra.of(in.floats(), in.rows(), in.cols(), SpectrumScale.MAGNITUDE, true);
    double[] actual = new double[expected.values().length];
    float[] v = s.values();
    for (int i = 0; i < v.length; i++) {
      actual[i] = v[i];
    }
    assertThat(relativeError(actual, expected.values())).isLessThan(1e-6);
    // ... and ifftshift undoes it exactly.
    Spectrum back = s.toUncentred().toCentred();
    assertThat(back.values()).containsExactly(v);
  }

  @Test
  void fullPowerAndAccumulatedPowerAgreeWithDoubleFft() {
    for (String size : SIZES) {
      Fixtures.Matrix in = Fixtures.read("fft/input_" + size + ".txt");
      int h = in.rows();
      int w = in.cols();
      double[] f = Spectra.fft2(in.values(), h, w);
      double[] expected = new double[h * w];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = f[2 * i] * f[2 * i] + f[2 * i + 1] * f[2 * i + 1];
      }
      RealFft2d fft = RealFft2d.forThread(h, w);
      float[] p = fft.fullPower(in.floats(), new float[h * w]);
      double[] pd = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        pd[i] = p[i];
      }
      assertThat(relativeError(pd, expected)).as(size).isLessThan(1e-6);
      double[] sum = new double[h * w];
      fft.accumulatePower(in.floats(), sum);
      fft.accumulatePower(in.floats(), sum);
      for (int i = 0; i < sum.length; i++) {
        sum[i] /= 2;
      }
      assertThat(relativeError(sum, expected)).as(size).isLessThan(1e-6);
    }
  }

  @Test
  void parsevalHolds() {
    Random random = new Random(3);
    int h = 37;
    int w = 50;
    float[] x = new float[h * w];
    double energy = 0;
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
      energy += (double) x[i] * x[i];
    }
    Spectrum p = Spectra.of(x, h, w, SpectrumScale.POWER, true);
    double total = 0;
    for (float v : p.values()) {
      total += v;
    }
    // sum |X|^2 = N sum |x|^2 for the unnormalised transform.
    assertThat(total / (h * w)).isCloseTo(energy, org.assertj.core.data.Percentage.withPercentage(1e-4));
  }

  @Test
  void sinusoidPeaksAtItsBin() {
    int h = 48;
    int w = 64;
    int ky = 5;
    int kx = 12;
    float[] x = new float[h * w];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        x[r * w + c] = (float) (100 + 50 * Math.cos(2 * Math.PI * (ky * r / (double) h + kx * c / (double) w)));
      }
    }
    x = ResidualFilter.none().apply(x, h, w, null);
    Spectrum p = Spectra.of(x, h, w, SpectrumScale.POWER, true);
    // Centred: DC at (24, 32); the cosine at (24 +- 5, 32 +- 12).
    int bestR = -1;
    int bestC = -1;
    float best = -1;
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        if (r == h / 2 && c == w / 2) {
          continue;
        }
        if (p.get(r, c) > best) {
          best = p.get(r, c);
          bestR = r;
          bestC = c;
        }
      }
    }
    assertThat(bestR == h / 2 + ky && bestC == w / 2 + kx || bestR == h / 2 - ky && bestC == w / 2 - kx)
        .as("peak at (%d, %d)", bestR, bestC).isTrue();
    // Amplitude 50 -> |X| = 50 * N / 2 at each of the two bins.
    assertThat(Math.sqrt(p.get(h / 2 + ky, w / 2 + kx))).isCloseTo(50.0 * h * w / 2,
        org.assertj.core.data.Offset.offset(1e-2 * h * w));
  }

  @Test
  void logPowerAndMagnitudeAreConsistentWithPower() {
    float[] x = {1, 2, 3, 4, 5, 6};
    Spectrum power = Spectra.of(x, 2, 3, SpectrumScale.POWER, false);
    Spectrum mag = Spectra.of(x, 2, 3, SpectrumScale.MAGNITUDE, false);
    Spectrum log = Spectra.of(x, 2, 3, SpectrumScale.LOG_POWER, false);
    assertThat(power.get(0, 0)).isEqualTo(441f);
    assertThat(mag.get(0, 0)).isEqualTo(21f);
    assertThat(log.get(0, 0)).isCloseTo((float) Math.log10(441), org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(power.toScale(SpectrumScale.LOG_POWER)).isEqualTo(log);
  }

  @Test
  void rejectsWrongSizes() {
    assertThatThrownBy(() -> Spectra.of(new float[5], 2, 3, SpectrumScale.POWER, false))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("6");
    assertThatThrownBy(() -> new RealFft2d(0, 3)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("height");
  }

  @Test
  void degenerateSizesWork() {
    float[] x = {3, 4, 5};
    assertThat(Spectra.of(x, 1, 3, SpectrumScale.MAGNITUDE, false).get(0, 0)).isEqualTo(12f);
    assertThat(Spectra.of(x, 3, 1, SpectrumScale.MAGNITUDE, false).get(0, 0)).isEqualTo(12f);
    assertThat(Spectra.of(new float[] {7}, 1, 1, SpectrumScale.MAGNITUDE, false).get(0, 0)).isEqualTo(7f);
  }
}
