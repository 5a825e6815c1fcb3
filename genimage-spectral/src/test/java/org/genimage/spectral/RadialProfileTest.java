package org.genimage.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Radial profiles: flat for white noise, a ring for a radial sinusoid, the bookkeeping right. */
class RadialProfileTest {
  @Test
  void whiteNoiseGivesAFlatProfile() {
    // Gaussian white noise of variance s^2 has E|X|^2 = N s^2 at every frequency. Averaged over 16
    // images of 128x128, a ring of n bins has relative standard error 1 / sqrt(16 n): at most 7%
    // for the innermost ring (about 12 bins), under 1.5% beyond the fourth ring.
    // Tolerance stated: every ring within 25% of N s^2, rings 4 and up within 6%, overall mean 2%.
    int n = 128;
    double sigma = 10;
    Random random = new Random(11);
    AverageSpectrum acc = new AverageSpectrum(new AverageSpectrumConfig(n, n, Channel.RED,
        ResidualFilter.none(), SizePolicy.CENTRE_CROP, false, false));
    float[] plane = new float[n * n];
    for (int image = 0; image < 16; image++) {
      for (int i = 0; i < plane.length; i++) {
        plane[i] = (float) (sigma * random.nextGaussian());
      }
      acc.addPlane(plane);
    }
    RadialProfile profile = RadialProfile.of(acc.mean(true), 32);
    double expected = n * n * sigma * sigma;
    double[] power = profile.power();
    double sum = 0;
    for (int i = 0; i < power.length; i++) {
      assertThat(power[i] / expected).as("ring %d", i).isBetween(0.75, 1.25);
      if (i >= 4) {
        assertThat(power[i] / expected).as("ring %d", i).isBetween(0.94, 1.06);
      }
      sum += power[i];
    }
    assertThat(sum / power.length / expected).isBetween(0.98, 1.02);
  }

  @Test
  void countsCoverTheInscribedDiscAndFrequenciesAreRingCentres() {
    int h = 20;
    int w = 30;
    Spectrum ones = new Spectrum(h, w, filled(h * w, 1f), SpectrumScale.POWER, false);
    RadialProfile p = RadialProfile.of(ones, 5);
    long total = 0;
    int expected = 0;
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        double fy = (r <= h / 2 ? r : r - h) / (double) h;
        double fx = (c <= w / 2 ? c : c - w) / (double) w;
        if ((r != 0 || c != 0) && Math.hypot(fy, fx) < 0.5) {
          expected++;
        }
      }
    }
    for (long c : p.counts()) {
      total += c;
    }
    assertThat(total).isEqualTo(expected);
    assertThat(p.frequency()).containsExactly(0.05, 0.15, 0.25, 0.35, 0.45);
    assertThat(p.power()).containsOnly(1.0);
  }

  @Test
  void aRadialCosinePeaksInItsRing() {
    int n = 64;
    float[] plane = new float[n * n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        plane[r * n + c] = (float) Math.cos(2 * Math.PI * 0.3 * c);
      }
    }
    RadialProfile p = RadialProfile.of(Spectra.of(plane, n, n, SpectrumScale.POWER, false), 10);
    double[] power = p.power();
    int best = 0;
    for (int i = 1; i < power.length; i++) {
      best = power[i] > power[best] ? i : best;
    }
    assertThat(p.frequency()[best]).isEqualTo(0.275, org.assertj.core.data.Offset.offset(1e-12));
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
