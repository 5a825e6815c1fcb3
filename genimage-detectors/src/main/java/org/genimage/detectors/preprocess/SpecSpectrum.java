package org.genimage.detectors.preprocess;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;
import org.genimage.spectral.RealFft2d;

/**
 * Spec's input, the {@link PreprocessingStep.LogSpectrum} step: the per-channel log-magnitude spectrum of the
 * image, normalised by its own 5th and 95th percentiles, as in the AutoGAN reference code (Zhang, Karaman,
 * Chang, "Detecting and Simulating Artifacts in GAN Fake Images", WIFS 2019).
 *
 * <p>For each channel {@code x} (values 0..255): {@code F = log(|fft2(x / 255)| + 1e-3)} without fftshift,
 * then {@code ((F - p5) / (p95 - p5) - 0.5) * 2} clipped to [-1, 1], where {@code p5}, {@code p95} are that
 * channel's percentiles with numpy's default linear interpolation. The FFT is genimage-spectral's
 * single-precision {@link RealFft2d}; the logarithm, percentiles and normalisation are in double precision, as
 * numpy computes them, and the result is stored as float, planar ({@code [3][height][width]}). The resize and
 * crop before it are the pipeline's steps (Spec's: shorter side 256, bilinear, centre crop 224).
 *
 * <p>Stateless and thread-safe (the FFT workspace is per thread).
 */
public final class SpecSpectrum {
  private static final double EPS = 1e-3;

  private SpecSpectrum() {}

  /**
   * The normalised spectrum of an image taken as it is (no resize or crop).
   *
   * @param image any size
   * @return {@code 3 * height * width} values in [-1, 1], planar
   */
  public static float[] spectrum(RgbImage image) {
    Checks.notNull("image", image);
    float[] out = new float[3 * image.pixelCount()];
    write(image.buffer(), image.width(), 0, 0, image.width(), image.height(), out, 0);
    return out;
  }

  /**
   * Writes the spectrum of the window {@code (x0, y0, w, h)} of interleaved RGB bytes, planar, read straight
   * from the image's bytes (no copy of the image).
   */
  static void write(ByteBuffer rgb, int stride, int x0, int y0, int w, int h, float[] out, int offset) {
    int n = w * h;
    RealFft2d fft = RealFft2d.forThread(h, w);
    float[] plane = new float[n];
    float[] power = new float[n];
    double[] mag = new double[n];
    double[] sorted = new double[n];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        int src = 3 * ((y + y0) * stride + x0) + c;
        for (int x = 0; x < w; x++, src += 3) {
          plane[y * w + x] = (rgb.get(src) & 0xFF) / 255f;
        }
      }
      fft.fullPower(plane, power);
      for (int i = 0; i < n; i++) {
        mag[i] = Math.log(Math.sqrt(power[i]) + EPS);
      }
      System.arraycopy(mag, 0, sorted, 0, n);
      Arrays.sort(sorted);
      double lo = percentile(sorted, 5);
      double hi = percentile(sorted, 95);
      double range = hi - lo;
      int o = offset + c * n;
      for (int i = 0; i < n; i++) {
        // a flat channel has hi == lo; numpy would give NaN there, we give 0 rather than poison the batch
        double v = range > 0 ? ((mag[i] - lo) / range - 0.5) * 2.0 : 0.0;
        out[o + i] = (float) Math.max(-1.0, Math.min(1.0, v));
      }
    }
  }

  /** Numpy's default ("linear") percentile of sorted values. */
  static double percentile(double[] sorted, double p) {
    double rank = p / 100.0 * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, sorted.length - 1);
    double frac = rank - lo;
    return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
  }
}
