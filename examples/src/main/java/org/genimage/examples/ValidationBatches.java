package org.genimage.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadImageException;
import org.genimage.api.Dataset;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;

/**
 * Walks a validation dataset in batches of decoded images, for the commands that fit something on it
 * (calibration, stacking). Files that cannot be decoded are skipped with a warning: a fit needs labelled
 * scores, not every file.
 */
final class ValidationBatches {
  private static final int BATCH = 32;

  private ValidationBatches() {}

  /**
   * One batch: the samples and their images, in order.
   *
   * @param samples the samples
   * @param images their pixels
   */
  record Batch(List<Sample> samples, List<RgbImage> images) {}

  /**
   * Decodes the dataset batch by batch and hands each batch to {@code use}.
   *
   * @param data the validation data
   * @param progress hears the task and the skipped files
   * @param use receives each batch
   * @return the samples that were decoded, in order (what the fit saw)
   * @throws BadArgumentException when the data is empty or lacks one of the labels
   */
  static List<Sample> forEach(Dataset data, Progress progress, Consumer<Batch> use) {
    if (data.count(Label.REAL) == 0 || data.count(Label.FAKE) == 0) {
      throw new BadArgumentException("data", data.name(), "validation data with both real and generated images"
          + " (it has " + data.count(Label.REAL) + " real, " + data.count(Label.FAKE) + " generated)");
    }
    List<Sample> used = new ArrayList<>();
    List<Sample> all = data.samples();
    progress.startTask("scoring " + data.name(), all.size());
    for (int start = 0; start < all.size(); start += BATCH) {
      List<Sample> samples = new ArrayList<>();
      List<RgbImage> images = new ArrayList<>();
      for (Sample s : all.subList(start, Math.min(all.size(), start + BATCH))) {
        try {
          images.add(data.load(s));
          samples.add(s);
        } catch (BadImageException e) {
          progress.warning("skipped " + s.id() + ": " + e.getMessage());
        }
      }
      if (!images.isEmpty()) {
        use.accept(new Batch(samples, images));
        used.addAll(samples);
      }
      progress.step(Math.min(all.size(), start + BATCH));
    }
    progress.endTask();
    if (used.isEmpty()) {
      throw new BadArgumentException("data", data.name(), "at least one image that decodes");
    }
    return used;
  }

  /**
   * The labels of samples: 1 for FAKE, 0 for REAL.
   *
   * @param samples the samples
   * @return the labels
   */
  static int[] labels(List<Sample> samples) {
    int[] y = new int[samples.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = samples.get(i).label() == Label.FAKE ? 1 : 0;
    }
    return y;
  }
}
