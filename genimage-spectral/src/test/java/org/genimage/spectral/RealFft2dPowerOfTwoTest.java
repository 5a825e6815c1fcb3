package org.genimage.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The power-of-two path of {@link RealFft2d} (row-vectorised, radix 4, two real rows per complex
 * FFT) against the independent double-precision {@link Spectra#fft2} (JTransforms'
 * {@code DoubleFFT_2D}, itself checked against numpy in {@link SpectraTest}), on every output and on
 * the edge sizes of the path (2 rows, 2 columns, odd and even powers of two).
 */
class RealFft2dPowerOfTwoTest {

  /**
   * max |a - b| / max |b|, as in {@link SpectraTest}, on zero-mean noise so that no DC term
   * dominates the denominator.
   */
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
  @ValueSource(strings = {"2x2", "2x8", "8x2", "4x4", "8x16", "32x4", "2x64", "64x2", "16x512",
      "128x64", "256x256"})
  void everyOutputEqualsTheDoubleFft(String size) {
    String[] parts = size.split("x");
    int h = Integer.parseInt(parts[0]);
    int w = Integer.parseInt(parts[1]);
    SplittableRandom random = new SplittableRandom(h * 1000L + w);
    float[] plane = new float[h * w];
    double[] planeD = new double[h * w];
    for (int i = 0; i < plane.length; i++) {
      plane[i] = (float) (random.nextDouble() * 2 - 1);
      planeD[i] = plane[i];
    }
    double[] full = Spectra.fft2(planeD, h, w);
    RealFft2d fft = new RealFft2d(h, w);
    int hw = fft.halfWidth();

    float[] half = fft.forward(plane, new float[2 * h * hw]);
    double[] expectedHalf = new double[half.length];
    double[] expectedHalfPower = new double[h * hw];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < hw; c++) {
        double re = full[2 * (r * w + c)];
        double im = full[2 * (r * w + c) + 1];
        expectedHalf[2 * (r * hw + c)] = re;
        expectedHalf[2 * (r * hw + c) + 1] = im;
        expectedHalfPower[r * hw + c] = re * re + im * im;
      }
    }
    assertThat(relativeError(toDouble(half), expectedHalf)).as("forward").isLessThan(1e-6);

    float[] halfPower = fft.halfPower(plane, new float[h * hw]);
    assertThat(relativeError(toDouble(halfPower), expectedHalfPower)).as("halfPower")
        .isLessThan(1e-6);

    double[] expectedPower = new double[h * w];
    for (int i = 0; i < expectedPower.length; i++) {
      expectedPower[i] = full[2 * i] * full[2 * i] + full[2 * i + 1] * full[2 * i + 1];
    }
    float[] power = fft.fullPower(plane, new float[h * w]);
    assertThat(relativeError(toDouble(power), expectedPower)).as("fullPower").isLessThan(1e-6);

    double[] sum = new double[h * w];
    fft.accumulatePower(plane, sum);
    fft.accumulatePower(plane, sum);
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= 2;
    }
    assertThat(relativeError(sum, expectedPower)).as("accumulatePower").isLessThan(1e-6);

    // Scratch is reused: a second plane must not see the first one's values.
    float[] zeros = fft.forward(new float[h * w], new float[2 * h * hw]);
    for (float v : zeros) {
      assertThat(v).isZero();
    }
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
