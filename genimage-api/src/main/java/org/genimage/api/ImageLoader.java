package org.genimage.api;

/**
 * Turns a {@link Sample} into pixels. Implementations decode files (genimage-dataset), synthesise
 * images, or read from memory. They must be safe to call from several threads at once.
 */
@FunctionalInterface
public interface ImageLoader {
  /**
   * Loads the sample's image.
   *
   * @param sample the sample
   * @return its pixels
   * @throws BadImageException if the image is missing, unreadable or not decodable; the exception
   *     names the sample's file
   */
  RgbImage load(Sample sample);
}
