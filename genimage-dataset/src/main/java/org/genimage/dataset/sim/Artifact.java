package org.genimage.dataset.sim;

/**
 * The kinds of artifact a simulated generator leaves in its images. Each is applied to a
 * procedurally made natural-looking image, with a strength in [0, 4] (1 is the default, 0 leaves the
 * image unchanged apart from its storage format).
 */
public enum Artifact {
  /**
   * GAN-like up-sampling by 2: the image is box-averaged down by 2, brought back up by zero
   * insertion and a bilinear (tent) transposed-convolution kernel, and each of the 2x2 output phases
   * gets its own gain ({@code 1 +- 0.06 * strength}), as an uneven transposed convolution does. The
   * result is mixed with the original in proportion {@code min(1, strength)}. Leaves a grid of
   * spectral peaks at multiples of N/2.
   */
  UPSAMPLE_X2(2),
  /** As {@link #UPSAMPLE_X2} with factor 4: peaks at multiples of N/4, and a stronger resolution loss. */
  UPSAMPLE_X4(4),
  /**
   * Diffusion-like high-frequency deficit: a Gaussian blur of sigma {@code 1.1 * strength} followed by
   * slight Gaussian noise of standard deviation {@code 0.6 * strength} grey levels.
   */
  HIGH_FREQUENCY_DEFICIT(1),
  /**
   * A colour-statistics shift: saturation scaled by {@code 1 + 0.3 * strength}, a warm tint (red
   * {@code +6 * strength}, blue {@code -6 * strength}) and a gamma of {@code 1 - 0.12 * strength}
   * on the result, so mid-tones are brightened.
   */
  COLOUR_SHIFT(1);

  private final int factor;

  Artifact(int factor) {
    this.factor = factor;
  }

  /**
   * The up-sampling factor.
   *
   * @return 2 or 4 for the up-sampling artifacts, 1 for the others
   */
  public int factor() {
    return factor;
  }
}
