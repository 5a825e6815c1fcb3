package org.genimage.api;

import java.util.List;
import org.genimage.api.internal.Checks;

/**
 * One thread's scorer of a shared {@link Detector}: the detector holds the weights once, each predictor holds
 * what one forward pass writes (its input buffer, activations), so threads that each use a predictor of their
 * own score in parallel without a lock, like DJL's {@code ZooModel} and {@code Predictor}.
 *
 * <pre>{@code
 * try (Detector model = Detectors.load(file);
 *      Predictor predictor = model.newPredictor()) {     // one per thread
 *   float p = predictor.score(image);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: use it from one thread at a time. Closing it frees its buffers; the detector stays open.
 */
public interface Predictor extends AutoCloseable {
  /**
   * Scores a batch of images.
   *
   * @param images the images, any sizes; not modified
   * @return for each image, in order, the probability in [0, 1] that it is generated
   * @throws BadArgumentException if the list is null or holds null
   * @throws IllegalStateException if this predictor or its detector is closed
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

  /** Frees this predictor's buffers; its detector stays open. */
  @Override
  void close();
}
