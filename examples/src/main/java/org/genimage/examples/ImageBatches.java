package org.genimage.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import org.genimage.api.BadImageException;
import org.genimage.api.Dataset;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;

/**
 * The batch loop and the skip-with-a-warning decode shared by {@link QuantizeDetector}'s calibration part and
 * {@link DecodedPart}, so both report progress and skipped files the same way.
 */
final class ImageBatches {
  private ImageBatches() {}

  /**
   * Gets images {@code 0 .. count - 1} from {@code imageAt} a batch at a time and hands each non-empty batch's
   * indices and images to {@code use}; a null image (a skipped file) is left out. Progress hears one task.
   *
   * @param count    how many images
   * @param batch    images per batch
   * @param task     the progress task's name
   * @param progress hears the task and its steps
   * @param imageAt  the i-th image, or null to leave it out
   * @param use      takes the indices of a batch's images and the images, in order
   */
  static void forEachBatch(int count, int batch, String task, Progress progress, IntFunction<RgbImage> imageAt,
      BiConsumer<List<Integer>, List<RgbImage>> use) {
    progress.startTask(task, count);
    for (int start = 0; start < count; start += batch) {
      int end = Math.min(count, start + batch);
      List<Integer> indices = new ArrayList<>();
      List<RgbImage> images = new ArrayList<>();
      for (int i = start; i < end; i++) {
        RgbImage image = imageAt.apply(i);
        if (image != null) {
          indices.add(i);
          images.add(image);
        }
      }
      if (!images.isEmpty()) {
        use.accept(indices, images);
      }
      progress.step(end);
    }
    progress.endTask();
  }

  /**
   * Decodes a sample, or warns ({@code skipped ID: why}), counts it in {@code skipped[0]} and gives null when it
   * does not decode.
   *
   * @param data     the dataset
   * @param s        the sample
   * @param progress hears the warning
   * @param skipped  one counter
   * @return the image, or null for a file that does not decode
   */
  static RgbImage decodeOrSkip(Dataset data, Sample s, Progress progress, int[] skipped) {
    try {
      return data.load(s);
    } catch (BadImageException e) {
      progress.warning("skipped " + s.id() + ": " + e.getMessage());
      skipped[0]++;
      return null;
    }
  }
}
