package org.genimage.spectral;

/** How spectrum values are expressed. */
public enum SpectrumScale {
  /** {@code |X|}. */
  MAGNITUDE,
  /** {@code |X|^2}. */
  POWER,
  /**
   * {@code log10(|X|^2 + 1e-12)}: the power in decades (bels), with a floor so that zero bins stay
   * finite.
   */
  LOG_POWER;

  /** The floor added to the power before taking its logarithm. */
  public static final double LOG_FLOOR = 1e-12;

  /**
   * Converts a power value to this scale.
   *
   * @param power {@code |X|^2}, non-negative
   * @return the value on this scale
   */
  public double fromPower(double power) {
    return switch (this) {
      case MAGNITUDE -> Math.sqrt(power);
      case POWER -> power;
      case LOG_POWER -> Math.log10(power + LOG_FLOOR);
    };
  }
}
