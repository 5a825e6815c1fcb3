package org.genimage.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * The held-out images of {@link QuantizeDetector}, scored by one detector after another. The first pass decodes
 * them (files that do not decode are skipped with a warning, once); decoded images are kept for the later passes
 * up to a byte budget and the rest are decoded again, so the held-out part's memory stays bounded whatever its
 * size while a small held-out part is decoded only once. Beyond the budget, a file that decoded on the first pass
 * but fails on a later one aborts that pass with the {@link org.genimage.api.BadImageException} (the passes must
 * score the same images). What the first pass learns is kept only when it completes, so after an exception in it
 * the next {@link #score} starts over.
 */
final class HeldOutImages {
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
   * The held-out part, not decoded yet.
   *
   * @param data       the dataset the samples come from
   * @param part       the held-out samples
   * @param batch      images per scoring call
   * @param keptBudget the most bytes of decoded pixels kept between passes (0: decode on every pass)
   */
  HeldOutImages(Dataset data, List<Sample> part, int batch, long keptBudget) {
    this.data = Checks.notNull("data", data);
    this.part = List.copyOf(part);
    this.batch = Checks.inRange("batch", batch, 1, 4096);
    this.keptBudget = keptBudget;
  }

  /**
   * P(FAKE) of every decodable held-out image from {@code detector}, in the order of {@link #samples()}.
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
    ImageBatches.forEachBatch(order.size(), batch, task, progress,
        i -> done == null ? decodeFirst(pass, order.get(i), progress) : image(done, i),
        (indices, images) -> {
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
   * The held-out samples that decoded, known after the first {@link #score} pass.
   *
   * @return the samples (empty before)
   */
  List<Sample> samples() {
    return first == null ? List.of() : List.copyOf(first.decodable);
  }

  /**
   * How many held-out files could not be decoded.
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
    RgbImage image = ImageBatches.decodeOrSkip(data, s, progress, pass.skipped);
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
}
