package org.genimage.api;

import java.nio.file.Path;
import java.util.List;
import org.genimage.api.internal.Checks;

/**
 * A real-vs-generated image detector: it scores images with the probability that they are
 * {@link Label#FAKE}.
 *
 * <p>A detector owns its preprocessing (resize, crop, normalisation or a spectrum) and its score
 * post-processing, like a DJL translator: callers pass decoded {@link RgbImage}s of any size and get
 * probabilities in [0, 1]. {@link #score(RgbImage)} is {@code scoreBatch(List.of(image))[0]}; batches
 * are faster. Whether an instance may be used from several threads at once is stated in {@link
 * DetectorInfo#threadSafe()}; for parallel scoring give each thread a {@link #newPredictor()}, which shares
 * this detector's weights. Detectors that hold native memory release it in {@link #close()}.
 *
 * <p>Load a saved detector with {@link Detectors#load(Path)} or {@link Detectors#load(Path, LoadOptions)}.
 */
public interface Detector extends AutoCloseable {
  /**
   * Describes this detector.
   *
   * @return its name, architecture, input size and provenance
   */
  DetectorInfo info();

  /**
   * Scores a batch of images.
   *
   * @param images the images, any sizes; not modified
   * @return for each image, in order, the probability in [0, 1] that it is generated
   * @throws BadArgumentException if the list is null or holds null
   */
  float[] scoreBatch(List<RgbImage> images);

  /**
   * Scores one image.
   *
   * @param image the image
   * @return the probability in [0, 1] that it is generated
   */
  default float score(RgbImage image) {
    return scoreBatch(List.of(Checks.notNull("image", image)))[0];
  }

  /**
   * A scorer for one thread. A detector that keeps per-call state (buffers, native activations) gives each
   * predictor its own, sharing the weights; the default scores through {@link #scoreBatch}, under a lock on this
   * detector when {@link DetectorInfo#threadSafe()} is false.
   *
   * @return a new predictor; the caller closes it before closing this detector
   */
  default Predictor newPredictor() {
    Detector self = this;
    boolean lock = !info().threadSafe();
    return new Predictor() {
      @Override
      public float[] scoreBatch(List<RgbImage> images) {
        if (!lock) {
          return self.scoreBatch(images);
        }
        synchronized (self) {
          return self.scoreBatch(images);
        }
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Writes this detector (architecture, preprocessing, weights and provenance) to one file that
   * {@link Detectors#load(Path)} reads back.
   *
   * @param file where to write
   * @throws UnsupportedOperationException if this detector cannot be saved
   */
  default void save(Path file) {
    throw new UnsupportedOperationException(info().name() + " cannot be saved");
  }

  /** Releases native memory and other resources. Further calls to score are not allowed. */
  @Override
  void close();
}
