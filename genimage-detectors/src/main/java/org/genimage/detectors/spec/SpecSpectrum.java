package org.genimage.detectors.spec;

import java.util.Arrays;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Checks;
import org.genimage.api.RgbImage;
import org.genimage.degrade.CenterCrop;
import org.genimage.degrade.ResampleFilter;
import org.genimage.degrade.Resize;
import org.genimage.spectral.RealFft2d;

/**
 * Spec's input: the per-channel log-magnitude spectrum of the image, normalised by its own 5th and 95th
 * percentiles, as in the AutoGAN reference code (Zhang, Karaman, Chang, "Detecting and Simulating
 * Artifacts in GAN Fake Images", WIFS 2019).
 *
 * <p>For each channel {@code x} (values 0..255) of the image resized (shorter side) to {@link #resize()}
 * and centre-cropped to {@link #crop()}: {@code F = log(|fft2(x / 255)| + 1e-3)} without fftshift, then
 * {@code ((F - p5) / (p95 - p5) - 0.5) * 2} clipped to [-1, 1], where {@code p5}, {@code p95} are that
 * channel's percentiles with numpy's default linear interpolation. The arithmetic is in double precision
 * and the result is stored as float, planar ({@code [3][crop][crop]}).
 *
 * <p>The FFT is genimage-spectral's single-precision {@link RealFft2d}; the logarithm, percentiles and
 * normalisation are in double precision. Resizing and cropping are genimage-degrade's Pillow-exact
 * {@link Resize} (bilinear, shorter side) and torchvision-exact {@link CenterCrop}.
 *
 * <p>Instances are immutable and thread-safe (the FFT workspace is per thread).
 */
public final class SpecSpectrum {
  private static final double EPS = 1e-3;

  private final int resize;
  private final int crop;

  /**
   * A spectrum transform.
   *
   * @param resize the shorter side after resizing (256 in the reference)
   * @param crop the side of the centre crop (224 in the reference), at most {@code resize}
   */
  public SpecSpectrum(int resize, int crop) {
    this.resize = Checks.positive("resize", resize);
    this.crop = Checks.positive("crop", crop);
    if (crop > resize) {
      throw new BadArgumentException("crop", crop, "at most resize = " + resize);
    }
  }

  /**
   * The shorter side after resizing.
   *
   * @return pixels
   */
  public int resize() {
    return resize;
  }

  /**
   * The side of the square crop whose spectrum is taken.
   *
   * @return pixels
   */
  public int crop() {
    return crop;
  }

  /**
   * Resizes, crops and transforms an image.
   *
   * @param image any size
   * @return {@code 3 * crop * crop} values in [-1, 1], planar
   */
  public float[] apply(RgbImage image) {
    float[] out = new float[3 * crop * crop];
    fill(image, out, 0);
    return out;
  }

  /**
   * Resizes, crops and transforms an image straight into a batch buffer.
   *
   * @param image any size
   * @param destination the buffer, {@code 3 * crop * crop} floats from {@code offset}
   * @param offset where this image's planes start
   */
  public void fill(RgbImage image, float[] destination, int offset) {
    Checks.notNull("image", image);
    RgbImage c = new CenterCrop(crop, crop).apply(Resize.shorterSide(resize, ResampleFilter.BILINEAR).apply(image));
    spectrum(c, destination, offset);
  }

  /**
   * The normalised spectrum of an image taken as it is (no resize or crop).
   *
   * @param image any size
   * @return {@code 3 * height * width} values in [-1, 1], planar
   */
  public static float[] spectrum(RgbImage image) {
    float[] out = new float[3 * image.pixelCount()];
    spectrum(image, out, 0);
    return out;
  }

  private static void spectrum(RgbImage image, float[] out, int offset) {
    int w = image.width();
    int h = image.height();
    int n = w * h;
    RealFft2d fft = RealFft2d.forThread(h, w);
    float[] plane = new float[n];
    float[] power = new float[n];
    double[] mag = new double[n];
    double[] sorted = new double[n];
    byte[] rgb = image.toByteArray();
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < n; i++) {
        plane[i] = (rgb[3 * i + c] & 0xFF) / 255f;
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
