package org.genimage.spectral;

/**
 * How an image whose size differs from an accumulator's fixed size is brought to that size. Spectra of
 * different sizes sample different frequencies, so they are never averaged directly.
 */
public enum SizePolicy {
  /**
   * Take the central window of the fixed size. Keeps every pixel's value and the image's
   * periodicities, so up-sampling peaks stay at the same normalised frequencies. An image smaller
   * than the fixed size in either dimension is rejected with {@link
   * org.genimage.api.BadArgumentException}.
   */
  CENTRE_CROP,
  /**
   * Resize the whole image to the fixed size with bilinear interpolation (pixel centres aligned, no
   * antialiasing). Accepts every size, but moves periodic peaks with the scale factor and adds its
   * own interpolation traces, so prefer {@link #CENTRE_CROP} for artifact studies.
   */
  RESIZE
}
