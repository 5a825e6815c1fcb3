package org.genimage.spark;

import java.util.ArrayList;
import java.util.List;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.RgbImage;

/**
 * The single-machine reference of the executors' batching: every forward pass holds a multiple of
 * the preferred batch size, a short one padded with copies of its last image.
 */
final class FixedBatches {
  private FixedBatches() {}

  static float[] score(Detector d, List<RgbImage> images) {
    int b = d.info().preferredBatchSize();
    float[] out = new float[images.size()];
    for (int from = 0; from < images.size(); from += b) {
      List<RgbImage> chunk = new ArrayList<>(images.subList(from, Math.min(images.size(),
          from + b)));
      int n = chunk.size();
      while (chunk.size() < b) {
        chunk.add(chunk.get(n - 1));
      }
      System.arraycopy(d.scoreBatch(chunk), 0, out, from, n);
    }
    return out;
  }

  /** A detector that scores through {@link #score}, for the local runner's reference runs. */
  static Detector padding(Detector inner) {
    return new Detector() {
      @Override
      public DetectorInfo info() {
        return inner.info();
      }

      @Override
      public float[] scoreBatch(List<RgbImage> images) {
        return FixedBatches.score(inner, images);
      }

      @Override
      public void save(java.nio.file.Path file) {
        inner.save(file);
      }

      @Override
      public void close() {
        inner.close();
      }

      @Override
      public String toString() {
        return "padding(" + inner + ")";
      }
    };
  }
}
