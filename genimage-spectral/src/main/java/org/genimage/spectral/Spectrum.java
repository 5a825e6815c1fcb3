package org.genimage.spectral;

import java.util.Arrays;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * A real-valued 2D spectrum ({@code height x width}, row-major) with its scale and whether it is
 * centred (zero frequency moved to row {@code height / 2}, column {@code width / 2}, as {@code
 * numpy.fft.fftshift} does).
 *
 * <p>Immutable: the constructor copies the values and {@link #values()} returns a copy; {@link #get}
 * reads without copying.
 */
public final class Spectrum {
  private final int height;
  private final int width;
  private final float[] values;
  private final SpectrumScale scale;
  private final boolean centred;

  /**
   * Creates a spectrum from a copy of its values.
   *
   * @param height rows, at least 1
   * @param width columns, at least 1
   * @param values {@code height * width} values, row-major
   * @param scale what the values are
   * @param centred whether zero frequency sits at {@code (height / 2, width / 2)}
   * @throws BadArgumentException on a bad size or a null argument
   */
  public Spectrum(int height, int width, float[] values, SpectrumScale scale, boolean centred) {
    this(height, width, checkValues(height, width, values).clone(), scale, centred, true);
  }

  private Spectrum(
      int height, int width, float[] values, SpectrumScale scale, boolean centred, boolean owned) {
    this.height = height;
    this.width = width;
    this.values = values;
    this.scale = Checks.notNull("scale", scale);
    this.centred = centred;
  }

  /** Wraps an array this module has just filled and will never touch again. */
  static Spectrum wrap(int height, int width, float[] values, SpectrumScale scale, boolean centred) {
    return new Spectrum(height, width, checkValues(height, width, values), scale, centred, true);
  }

  private static float[] checkValues(int height, int width, float[] values) {
    Checks.positive("height", height);
    Checks.positive("width", width);
    Checks.notNull("values", values);
    if ((long) height * width != values.length) {
      throw new BadArgumentException("values.length", values.length,
          "height * width = " + (long) height * width);
    }
    return values;
  }

  /**
   * The number of rows.
   *
   * @return the height
   */
  public int height() {
    return height;
  }

  /**
   * The number of columns.
   *
   * @return the width
   */
  public int width() {
    return width;
  }

  /**
   * What the values are.
   *
   * @return the scale
   */
  public SpectrumScale scale() {
    return scale;
  }

  /**
   * Whether zero frequency sits at {@code (height / 2, width / 2)}.
   *
   * @return true if centred
   */
  public boolean centred() {
    return centred;
  }

  /**
   * One value.
   *
   * @param row 0 to height - 1
   * @param column 0 to width - 1
   * @return the value
   * @throws IndexOutOfBoundsException outside the spectrum
   */
  public float get(int row, int column) {
    if (row < 0 || row >= height || column < 0 || column >= width) {
      throw new IndexOutOfBoundsException(
          "(" + row + ", " + column + ") outside " + height + "x" + width);
    }
    return values[row * width + column];
  }

  /**
   * A copy of the values.
   *
   * @return {@code height * width} values, row-major
   */
  public float[] values() {
    return values.clone();
  }

  /** The backing array, for this module's read-only use. */
  float[] array() {
    return values;
  }

  /**
   * This spectrum with zero frequency at the centre ({@code fftshift}); itself if already centred.
   *
   * @return the centred spectrum
   */
  public Spectrum toCentred() {
    return centred ? this : wrap(height, width, Spectra.fftShift(values, height, width), scale, true);
  }

  /**
   * This spectrum with zero frequency at (0, 0) ({@code ifftshift}); itself if not centred.
   *
   * @return the uncentred spectrum
   */
  public Spectrum toUncentred() {
    return centred
        ? wrap(height, width, Spectra.ifftShift(values, height, width), scale, false)
        : this;
  }

  /**
   * Converts a power spectrum to another scale.
   *
   * @param target the wanted scale
   * @return the converted spectrum, or this one if already on that scale
   * @throws BadArgumentException if this spectrum is not a power spectrum and the scales differ
   */
  public Spectrum toScale(SpectrumScale target) {
    Checks.notNull("target", target);
    if (target == scale) {
      return this;
    }
    if (scale != SpectrumScale.POWER) {
      throw new BadArgumentException("scale", scale, "POWER to convert to " + target);
    }
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) target.fromPower(values[i]);
    }
    return wrap(height, width, out, target, centred);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Spectrum s
        && s.height == height
        && s.width == width
        && s.scale == scale
        && s.centred == centred
        && Arrays.equals(s.values, values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values) * 31 + scale.hashCode() + (centred ? 1 : 0);
  }

  @Override
  public String toString() {
    return "Spectrum[" + height + "x" + width + ", " + scale + (centred ? ", centred]" : "]");
  }
}
