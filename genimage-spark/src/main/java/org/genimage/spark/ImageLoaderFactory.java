package org.genimage.spark;

import java.io.Serializable;
import org.genimage.api.ImageLoader;
import org.genimage.dataset.ImageDecoder;

/**
 * Makes the {@link ImageLoader} an executor decodes images with. The factory is serialised into the
 * job; the loader is made on the executor, once per task, so it need not be serialisable itself.
 */
@FunctionalInterface
public interface ImageLoaderFactory extends Serializable {
  /**
   * Makes a loader.
   *
   * @return a loader that reads {@link org.genimage.api.Sample#path()}
   */
  ImageLoader create();

  /**
   * genimage-dataset's standard decoder (JPEG, PNG, WebP, BMP, TIFF; Pillow's pixel limit), the one a
   * {@link org.genimage.dataset.sim.SimulatedRelease} or a manifest's dataset decodes with.
   *
   * @return the factory
   */
  static ImageLoaderFactory standard() {
    return ImageDecoder::standard;
  }
}
