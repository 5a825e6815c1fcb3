package org.genimage.detectors;

import org.genimage.api.RgbImage;

/**
 * Turns one image into one sample of a network's input, written straight into a batch buffer. Architectures
 * whose input is not an RGB crop (a spectrum, say) implement their own. Implementations must be thread-safe.
 */
public interface Preprocessor {
  /**
   * Channels of one input sample.
   *
   * @return the channel count
   */
  int channels();

  /**
   * Height of one input sample.
   *
   * @return height in pixels
   */
  int height();

  /**
   * Width of one input sample.
   *
   * @return width in pixels
   */
  int width();

  /**
   * Writes one image's sample into {@code destination} starting at {@code offset}.
   *
   * @param image         the image
   * @param destination   the batch buffer
   * @param offset        first index of this sample ({@code index * channels * height * width})
   * @param channelsLast  true for HWC order, false for CHW
   */
  void write(RgbImage image, float[] destination, int offset, boolean channelsLast);
}
