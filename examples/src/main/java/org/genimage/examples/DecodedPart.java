package org.genimage.examples;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.genimage.api.BadImageException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * A part of {@link QuantizeDetector}'s data (the held-out images, scored by one detector after another, or the
 * calibration images, read by the observing plan). The first pass decodes them (files that do not decode are
 * skipped with a warning, once); decoded images are kept for later passes up to a byte budget and the rest are
 * decoded again, so the part's memory stays bounded whatever its size while a small part is decoded only once.
 * Beyond the budget, a file that decoded on the first pass but fails on a later one aborts that pass with the
 * {@link org.genimage.api.BadImageException} (the passes must see the same images). What the first pass learns
 * is kept only when it completes, so after an exception in it the next pass starts over.
 */
final class DecodedPart {
  private final Dataset data;
  private final List<Sample> part;
  private final int batch;
  private final long keptBudget;
  /** Null until a first pass completed. */
  private FirstPass first;

  /**
   * What the first pass found: the samples that decoded, a prefix of their images kept and the files skipped.
   * Filled while the pass runs; published to {@link #first} only at its end.
   */
  private static final class FirstPass {
    final List<Sample> decodable = new ArrayList<>();
    final List<RgbImage> kept = new ArrayList<>();
    final int[] skipped = {0};
    long keptBytes;
  }

  /**
   * A part, not decoded yet.
   *
   * @param data       the dataset the samples come from
   * @param part       the part's samples
   * @param batch      images per scoring call
   * @param keptBudget the most bytes of decoded pixels kept between passes (0: decode on every pass)
   */
  DecodedPart(Dataset data, List<Sample> part, int batch, long keptBudget) {
    this.data = Checks.notNull("data", data);
    this.part = List.copyOf(part);
    this.batch = Checks.inRange("batch", batch, 1, 4096);
    this.keptBudget = keptBudget;
  }

  /**
   * P(FAKE) of every decodable image of the part from {@code detector}, in the order of {@link #samples()}.
   *
   * @param detector the detector
   * @param task     the progress task's name
   * @param progress hears the batches and, on the first pass, the files skipped
   * @return the scores
   * @throws org.genimage.api.BadImageException on a later pass, when a file that decoded on the first no longer
   *     does
   */
  double[] score(Detector detector, String task, Progress progress) {
    FirstPass done = first;
    FirstPass pass = done == null ? new FirstPass() : null;
    List<Sample> order = done == null ? part : done.decodable;
    double[] scores = new double[order.size()];
    int[] n = {0};
    forEachBatch(order.size(), batch, task, progress,
        i -> done == null ? decodeFirst(pass, order.get(i), progress) : image(done, i),
        images -> {
          for (float p : detector.scoreBatch(images)) {
            scores[n[0]++] = p;
          }
        });
    if (pass != null) {
      first = pass;
    }
    return Arrays.copyOf(scores, n[0]);
  }

  /**
   * The decodable images as a list for {@link org.genimage.detectors.NetworkDetector#activationRanges}, after a
   * first pass that decodes every file (unless a {@link #score} pass did): kept images are returned as they are,
   * the others decoded again on each access, so the list holds at most the budget's worth of pixels.
   *
   * @param task     the first pass's progress task name
   * @param progress hears the batches and the files skipped
   * @return the images, in the order of {@link #samples()}
   */
  List<RgbImage> images(String task, Progress progress) {
    if (first == null) {
      FirstPass pass = new FirstPass();
      forEachBatch(part.size(), batch, task, progress, i -> decodeFirst(pass, part.get(i), progress),
          images -> { });
      first = pass;
    }
    FirstPass done = first;
    return new AbstractList<>() {
      @Override
      public RgbImage get(int i) {
        Objects.checkIndex(i, done.decodable.size());
        return image(done, i);
      }

      @Override
      public int size() {
        return done.decodable.size();
      }
    };
  }

  /**
   * The samples that decoded, known after the first pass.
   *
   * @return the samples (empty before)
   */
  List<Sample> samples() {
    return first == null ? List.of() : List.copyOf(first.decodable);
  }

  /**
   * How many of the part's files could not be decoded.
   *
   * @return the count (0 before the first pass)
   */
  int skipped() {
    return first == null ? 0 : first.skipped[0];
  }

  /**
   * How many decoded images are kept between passes.
   *
   * @return the count
   */
  int keptImages() {
    return first == null ? 0 : first.kept.size();
  }

  private RgbImage decodeFirst(FirstPass pass, Sample s, Progress progress) {
    RgbImage image = decodeOrSkip(data, s, progress, pass.skipped);
    if (image == null) {
      return null;
    }
    pass.decodable.add(s);
    long bytes = 3L * image.pixelCount();
    // A prefix is kept, so image(i) needs no index: the i-th decodable image is kept exactly when i < kept.size().
    if (pass.kept.size() == pass.decodable.size() - 1 && pass.keptBytes + bytes <= keptBudget) {
      pass.kept.add(image);
      pass.keptBytes += bytes;
    }
    return image;
  }

  /** A file that decoded on the first pass decodes again; if it changed since, its error says so. */
  private RgbImage image(FirstPass done, int i) {
    return i < done.kept.size() ? done.kept.get(i) : data.load(done.decodable.get(i));
  }

  /**
   * Gets images {@code 0 .. count - 1} from {@code imageAt} a batch at a time and hands each non-empty batch's
   * images to {@code use}; a null image (a skipped file) is left out. Progress hears one task.
   *
   * @param count    how many images
   * @param batch    images per batch
   * @param task     the progress task's name
   * @param progress hears the task and its steps
   * @param imageAt  the i-th image, or null to leave it out
   * @param use      takes a batch's images, in order
   */
  private static void forEachBatch(int count, int batch, String task, Progress progress, IntFunction<RgbImage> imageAt,
      Consumer<List<RgbImage>> use) {
    progress.startTask(task, count);
    for (int start = 0; start < count; start += batch) {
      int end = Math.min(count, start + batch);
      List<RgbImage> images = new ArrayList<>();
      for (int i = start; i < end; i++) {
        RgbImage image = imageAt.apply(i);
        if (image != null) {
          images.add(image);
        }
      }
      if (!images.isEmpty()) {
        use.accept(images);
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
  private static RgbImage decodeOrSkip(Dataset data, Sample s, Progress progress, int[] skipped) {
    try {
      return data.load(s);
    } catch (BadImageException e) {
      progress.warning("skipped " + s.id() + ": " + e.getMessage());
      skipped[0]++;
      return null;
    }
  }
}
