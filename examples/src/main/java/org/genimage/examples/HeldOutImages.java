package org.genimage.examples;

import java.util.ArrayList;
import java.util.List;
import org.genimage.api.BadImageException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * The held-out images of {@link QuantizeDetector}, scored by one detector after another. The first pass decodes
 * them (files that do not decode are skipped with a warning, once); decoded images are kept for the later passes
 * up to a byte budget and the rest are decoded again, so memory stays bounded whatever the size of the data while
 * a small held-out part is decoded only once.
 */
final class HeldOutImages {
  private final Dataset data;
  private final List<Sample> part;
  private final int batch;
  private final long keptBudget;
  private final List<Sample> decodable = new ArrayList<>();
  private final List<RgbImage> kept = new ArrayList<>();
  private long keptBytes;
  private int skipped;
  private boolean decoded;

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
   */
  double[] score(Detector detector, String task, Progress progress) {
    List<Sample> order = decoded ? decodable : part;
    double[] scores = new double[decoded ? decodable.size() : 0];
    List<Double> firstPass = new ArrayList<>();
    int done = 0;
    progress.startTask(task, order.size());
    for (int start = 0; start < order.size(); start += batch) {
      List<RgbImage> images = new ArrayList<>();
      for (int i = start; i < Math.min(order.size(), start + batch); i++) {
        RgbImage image = decoded ? image(i) : decodeFirst(order.get(i), progress);
        if (image != null) {
          images.add(image);
        }
      }
      if (!images.isEmpty()) {
        for (float p : detector.scoreBatch(images)) {
          if (decoded) {
            scores[done++] = p;
          } else {
            firstPass.add((double) p);
          }
        }
      }
      progress.step(Math.min(order.size(), start + batch));
    }
    progress.endTask();
    if (!decoded) {
      decoded = true;
      return firstPass.stream().mapToDouble(Double::doubleValue).toArray();
    }
    return scores;
  }

  /**
   * The held-out samples that decoded, known after the first {@link #score} pass.
   *
   * @return the samples
   */
  List<Sample> samples() {
    return List.copyOf(decodable);
  }

  /**
   * How many held-out files could not be decoded.
   *
   * @return the count
   */
  int skipped() {
    return skipped;
  }

  /**
   * How many decoded images are kept between passes.
   *
   * @return the count
   */
  int keptImages() {
    return kept.size();
  }

  private RgbImage decodeFirst(Sample s, Progress progress) {
    RgbImage image;
    try {
      image = data.load(s);
    } catch (BadImageException e) {
      progress.warning("skipped " + s.id() + ": " + e.getMessage());
      skipped++;
      return null;
    }
    decodable.add(s);
    long bytes = 3L * image.pixelCount();
    // A prefix is kept, so image(i) needs no index: the i-th decodable image is kept exactly when i < kept.size().
    if (kept.size() == decodable.size() - 1 && keptBytes + bytes <= keptBudget) {
      kept.add(image);
      keptBytes += bytes;
    }
    return image;
  }

  /** A file that decoded on the first pass decodes again; if it changed since, its error says so. */
  private RgbImage image(int i) {
    return i < kept.size() ? kept.get(i) : data.load(decodable.get(i));
  }
}
