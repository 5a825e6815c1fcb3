package org.genimage.spectral;

import java.io.Serializable;
import org.genimage.api.internal.Checks;

/**
 * What an {@link AverageSpectrum} averages: the power spectrum of which plane, after which residual
 * filter, at which fixed size.
 *
 * @param height the fixed number of rows, 1 to 8192
 * @param width the fixed number of columns, 1 to 8192
 * @param channel the plane taken of each image
 * @param residual the noise residual filter applied before the FFT
 * @param sizePolicy how other sizes are brought to {@code height x width}
 * @param subtractMean whether each plane's mean is removed first, so the zero-frequency bin does not
 *     dwarf the rest
 * @param hannWindow whether a 2D Hann window tapers the plane first, which suppresses the cross of
 *     leakage that the image borders put on the axes
 */
public record AverageSpectrumConfig(
    int height,
    int width,
    Channel channel,
    ResidualFilter residual,
    SizePolicy sizePolicy,
    boolean subtractMean,
    boolean hannWindow) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The largest side an accumulator accepts. */
  public static final int MAX_SIDE = 8192;

  /**
   * Validates the components.
   *
   * @throws org.genimage.api.BadArgumentException for a size outside 1..8192 or a null component
   */
  public AverageSpectrumConfig {
    Checks.inRange("height", height, 1, MAX_SIDE);
    Checks.inRange("width", width, 1, MAX_SIDE);
    Checks.notNull("channel", channel);
    Checks.notNull("residual", residual);
    Checks.notNull("sizePolicy", sizePolicy);
  }

  /**
   * The usual setting of the spectral studies: luma, residual of a 3x3 median, centre-crop, mean
   * removed, no window.
   *
   * @param size the side of the square fixed size
   * @return the configuration
   */
  public static AverageSpectrumConfig residualSquare(int size) {
    return new AverageSpectrumConfig(
        size, size, Channel.LUMA, ResidualFilter.median3x3(), SizePolicy.CENTRE_CROP, true, false);
  }
}
