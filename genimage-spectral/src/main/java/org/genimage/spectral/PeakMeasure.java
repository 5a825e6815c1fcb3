package org.genimage.spectral;

/**
 * How {@link PeriodicArtifactScore} compares the power at one grid position with its neighbourhood
 * (the square ring at Chebyshev distances {@code peakRadius + 2} to {@code backgroundRadius}).
 */
public enum PeakMeasure {
  /**
   * {@code log10(max over the peak window / median of the ring)}: the first version's measure. The
   * maximum of a window of periodogram bins is biased upwards on every image, real or not.
   */
  MAX_OVER_MEDIAN,
  /**
   * {@code log10(max over the peak window) - mean over the ring of log10(power)}: the contrast of the
   * log-power spectrum (the plain reference with a peak window of one bin). The mean of logs
   * is robust to a few strong ring bins and its bias is the same for the peak and the ring.
   */
  LOG_CONTRAST
}
