package org.genimage.spectral;

import java.util.Arrays;
import org.genimage.api.internal.Checks;

/**
 * The azimuthally averaged power spectrum: the mean of {@code |X|^2} over rings of equal radial
 * frequency, the 1D profile that compares the high-frequency behaviour of image sets.
 *
 * <p>The radius of frequency bin {@code (ky, kx)} is {@code sqrt((ky / H)^2 + (kx / W)^2)} in cycles
 * per pixel, with signed {@code ky, kx} (so non-square spectra use the same scale on both axes).
 * Rings cover {@code [0, 0.5)}, the disc inscribed in the spectrum, in {@code bins} equal steps; the
 * corners beyond 0.5 and the zero-frequency bin (the image mean) are left out. A ring that holds no
 * frequency bin (possible for tiny spectra) has power {@code NaN} and count 0.
 *
 * @param frequency each ring's centre in cycles per pixel
 * @param power each ring's mean power
 * @param counts how many frequency bins each ring averages
 */
public record RadialProfile(double[] frequency, double[] power, long[] counts) {
  /** The outer radius of the last ring, in cycles per pixel. */
  public static final double MAX_FREQUENCY = 0.5;

  /**
   * Validates and copies the arrays.
   *
   * @throws org.genimage.api.BadArgumentException if an array is null or the lengths differ
   */
  public RadialProfile {
    frequency = Checks.notNull("frequency", frequency).clone();
    power = Checks.notNull("power", power).clone();
    counts = Checks.notNull("counts", counts).clone();
    if (power.length != frequency.length || counts.length != frequency.length) {
      throw new org.genimage.api.BadArgumentException("power.length", power.length,
          "frequency.length = " + frequency.length + " = counts.length");
    }
  }

  /**
   * Computes the profile of a power spectrum.
   *
   * @param powerSpectrum a {@link SpectrumScale#POWER} spectrum, centred or not
   * @param bins the number of rings, 1 to 4096
   * @return the profile
   * @throws org.genimage.api.BadArgumentException if the spectrum is not a power spectrum
   */
  public static RadialProfile of(Spectrum powerSpectrum, int bins) {
    Checks.notNull("powerSpectrum", powerSpectrum);
    Checks.inRange("bins", bins, 1, 4096);
    if (powerSpectrum.scale() != SpectrumScale.POWER) {
      throw new org.genimage.api.BadArgumentException("powerSpectrum.scale", powerSpectrum.scale(),
          "POWER");
    }
    Spectrum s = powerSpectrum.toUncentred();
    float[] p = s.array();
    int h = s.height();
    int w = s.width();
    double[] sums = new double[bins];
    long[] counts = new long[bins];
    for (int r = 0; r < h; r++) {
      double fy = (r <= h / 2 ? r : r - h) / (double) h;
      for (int c = 0; c < w; c++) {
        if (r == 0 && c == 0) {
          continue;
        }
        double fx = (c <= w / 2 ? c : c - w) / (double) w;
        double radius = Math.sqrt(fy * fy + fx * fx);
        if (radius >= MAX_FREQUENCY) {
          continue;
        }
        int bin = (int) (radius / MAX_FREQUENCY * bins);
        sums[bin] += p[r * w + c];
        counts[bin]++;
      }
    }
    double[] frequency = new double[bins];
    double[] power = new double[bins];
    for (int i = 0; i < bins; i++) {
      frequency[i] = (i + 0.5) * MAX_FREQUENCY / bins;
      power[i] = counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
    }
    return new RadialProfile(frequency, power, counts);
  }

  /**
   * The number of rings.
   *
   * @return the length of the arrays
   */
  public int size() {
    return frequency.length;
  }

  /**
   * Each ring's centre in cycles per pixel.
   *
   * @return a copy
   */
  @Override
  public double[] frequency() {
    return frequency.clone();
  }

  /**
   * Each ring's mean power.
   *
   * @return a copy
   */
  @Override
  public double[] power() {
    return power.clone();
  }

  /**
   * How many frequency bins each ring averages.
   *
   * @return a copy
   */
  @Override
  public long[] counts() {
    return counts.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RadialProfile p
        && Arrays.equals(p.frequency, frequency)
        && Arrays.equals(p.power, power)
        && Arrays.equals(p.counts, counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(power) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "RadialProfile[" + frequency.length + " rings]";
  }
}
