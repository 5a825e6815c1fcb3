package org.genimage.spark;

import java.io.Serializable;
import org.genimage.api.BadImageException;
import org.genimage.api.ImageLoader;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.dataset.ImageDecoder;

/**
 * Makes the decoder an executor turns image bytes into pixels with. The executor reads each
 * sample's bytes itself, from its location (a Hadoop FileSystem URI such as {@code hdfs://} or
 * {@code s3a://}, or a local path) through Hadoop's {@code FileSystem}, bounded by {@link
 * org.genimage.api.ReadLimits#MAX_IMAGE_BYTES}; the decoder only decodes. The factory is serialised
 * into the job; the decoder is made on the executor, once per task, so it need not be serialisable
 * itself.
 */
@FunctionalInterface
public interface ImageLoaderFactory extends Serializable {
  /**
   * Makes a decoder for one task.
   *
   * @return the decoder
   */
  BytesLoader create();

  /** Turns the bytes of one sample's file into pixels. */
  @FunctionalInterface
  interface BytesLoader {
    /**
     * Decodes a sample's bytes.
     *
     * @param sample the sample; its {@link Sample#path()} names the file in errors only (for a URI
     *     location it is the URI as a path: the score row's {@code path} column keeps the URI)
     * @param bytes the whole file, as read from the sample's location
     * @return the pixels
     * @throws BadImageException if the bytes are not a decodable image
     */
    RgbImage load(Sample sample, byte[] bytes);
  }

  /**
   * genimage-dataset's standard decoder (JPEG, PNG, WebP, BMP, TIFF; Pillow's pixel limit), the one a
   * {@link org.genimage.dataset.sim.SimulatedRelease} or a manifest's dataset decodes with.
   *
   * @return the factory
   */
  static ImageLoaderFactory standard() {
    return () -> (sample, bytes) -> ImageDecoder.standard().decode(bytes, sample.path());
  }

  /**
   * Wraps each decoded image through a loader decorator that takes an {@link ImageLoader} (such as
   * genimage-dataset's {@code Shortcuts.jpegFakes}), applied to this factory's decoder.
   *
   * @param decorator turns the inner loader (which decodes the sample's bytes) into the outer one
   * @return the decorated factory
   */
  default ImageLoaderFactory decorated(Decorator decorator) {
    ImageLoaderFactory base = this;
    return () -> {
      BytesLoader inner = base.create();
      return (sample, bytes) -> decorator.decorate(s -> inner.load(s, bytes)).load(sample);
    };
  }

  /** A serialisable loader decorator, for {@link #decorated}. */
  @FunctionalInterface
  interface Decorator extends Serializable {
    /**
     * Decorates a loader.
     *
     * @param inner the loader to wrap
     * @return the wrapping loader
     */
    ImageLoader decorate(ImageLoader inner);
  }
}
