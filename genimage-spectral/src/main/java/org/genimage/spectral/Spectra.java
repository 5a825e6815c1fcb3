package org.genimage.spectral;

import org.genimage.api.BadArgumentException;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * One-image spectra: the float hot path ({@link #of(float[], int, int, SpectrumScale, boolean)}), the
 * double-precision full complex FFT ({@link #fft2(double[], int, int)}), and the shifts.
 *
 * <p>All transforms are unnormalised and use {@code exp(-2 pi i k n / N)}, like {@code
 * numpy.fft.fft2}. Any size works, odd and non-square included.
 */
public final class Spectra {
  private Spectra() {}

  /**
   * The spectrum of a real plane, single precision, using the calling thread's cached plan.
   *
   * @param plane {@code height * width} values, row-major; not modified
   * @param height rows
   * @param width columns
   * @param scale magnitude, power or log-power
   * @param centred whether to move zero frequency to the centre ({@code fftshift})
   * @return the {@code height x width} spectrum
   * @throws BadArgumentException on a size mismatch
   */
  public static Spectrum of(
      float[] plane, int height, int width, SpectrumScale scale, boolean centred) {
    Checks.notNull("plane", plane);
    Checks.notNull("scale", scale);
    float[] power = RealFft2d.forThread(height, width).fullPower(plane, new float[height * width]);
    if (scale != SpectrumScale.POWER) {
      for (int i = 0; i < power.length; i++) {
        power[i] = (float) scale.fromPower(power[i]);
      }
    }
    float[] values = centred ? fftShift(power, height, width) : power;
    return Spectrum.wrap(height, width, values, scale, centred);
  }

  /**
   * The spectrum of one channel of an image, optionally of its noise residual.
   *
   * @param image the image
   * @param channel which plane
   * @param residual the residual filter ({@link ResidualFilter#none()} for the plane itself)
   * @param scale magnitude, power or log-power
   * @param centred whether to centre zero frequency
   * @return the {@code height x width} spectrum
   */
  public static Spectrum of(
      RgbImage image, Channel channel, ResidualFilter residual, SpectrumScale scale,
      boolean centred) {
    Checks.notNull("image", image);
    Checks.notNull("channel", channel);
    Checks.notNull("residual", residual);
    float[] plane = channel.extract(image);
    float[] filtered = residual.apply(plane, image.height(), image.width(), null);
    return of(filtered, image.height(), image.width(), scale, centred);
  }

  /**
   * The full complex 2D FFT in double precision, equal to {@code numpy.fft.fft2} up to rounding.
   *
   * @param plane {@code height * width} values, row-major; not modified
   * @param height rows, at least 1
   * @param width columns, at least 1
   * @return {@code 2 * height * width} values: row-major, interleaved re, im
   * @throws BadArgumentException on a size mismatch
   */
  public static double[] fft2(double[] plane, int height, int width) {
    Checks.notNull("plane", plane);
    checkSize(plane.length, height, width);
    double[] complex = new double[2 * plane.length];
    for (int i = 0; i < plane.length; i++) {
      complex[2 * i] = plane[i];
    }
    // The complex transform of (x, 0) rather than realForwardFull: one code path for every size.
    new DoubleFFT_2D(height, width).complexForward(complex);
    return complex;
  }

  /**
   * Moves zero frequency from (0, 0) to {@code (height / 2, width / 2)}, like {@code
   * numpy.fft.fftshift}.
   *
   * @param values {@code height * width} values, row-major; not modified
   * @param height rows
   * @param width columns
   * @return a new shifted array
   */
  public static float[] fftShift(float[] values, int height, int width) {
    return roll(values, height, width, height / 2, width / 2);
  }

  /**
   * Undoes {@link #fftShift}, like {@code numpy.fft.ifftshift}.
   *
   * @param values {@code height * width} values, row-major; not modified
   * @param height rows
   * @param width columns
   * @return a new shifted array
   */
  public static float[] ifftShift(float[] values, int height, int width) {
    return roll(values, height, width, (height + 1) / 2, (width + 1) / 2);
  }

  /**
   * Moves zero frequency from (0, 0) to {@code (height / 2, width / 2)} in a double array.
   *
   * @param values {@code height * width} values, row-major; not modified
   * @param height rows
   * @param width columns
   * @return a new shifted array
   */
  public static double[] fftShift(double[] values, int height, int width) {
    Checks.notNull("values", values);
    checkSize(values.length, height, width);
    double[] out = new double[values.length];
    int dr = height / 2;
    int dc = width / 2;
    for (int r = 0; r < height; r++) {
      int rr = (r + dr) % height;
      for (int c = 0; c < width; c++) {
        out[rr * width + (c + dc) % width] = values[r * width + c];
      }
    }
    return out;
  }

  private static float[] roll(float[] values, int height, int width, int dr, int dc) {
    Checks.notNull("values", values);
    checkSize(values.length, height, width);
    float[] out = new float[values.length];
    for (int r = 0; r < height; r++) {
      int dst = ((r + dr) % height) * width;
      int src = r * width;
      // Two block copies per row: columns [0, width - dc) go to [dc, width), the rest wrap around.
      System.arraycopy(values, src, out, dst + dc, width - dc);
      System.arraycopy(values, src + width - dc, out, dst, dc);
    }
    return out;
  }

  static void checkSize(int length, int height, int width) {
    Checks.positive("height", height);
    Checks.positive("width", width);
    if ((long) height * width != length) {
      throw new BadArgumentException("length", length, "height * width = " + (long) height * width);
    }
  }
}
