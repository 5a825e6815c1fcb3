package org.genimage.detectors.preprocess;

import java.nio.ByteBuffer;
import java.util.List;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;
import org.genimage.degrade.CenterCrop;
import org.genimage.degrade.Resize;

/**
 * Runs a {@link PreprocessingPipeline}: turns one image into one network input written straight into a batch
 * buffer. Every resize is genimage-degrade's Pillow-exact {@link Resize} and every crop torchvision's
 * {@code CenterCrop} ({@link CenterCrop}); a centre crop just before the final step is not copied but read in
 * place by that step, so the common resize, crop, normalise recipe copies the image once (the resize) or not at
 * all. Stateless and thread-safe; inference ({@code NetworkDetector}), training ({@code SameDiffTrainer}) and
 * Spark (through the detector) all use it.
 */
public final class CompiledPipeline {
  private final PreprocessingPipeline pipeline;
  private final List<PreprocessingStep> imageSteps;
  private final PreprocessingStep last;
  private final int width;
  private final int height;
  private final float[] scale = new float[3];
  private final float[] shift = new float[3];

  CompiledPipeline(PreprocessingPipeline pipeline) {
    this.pipeline = Checks.notNull("pipeline", pipeline);
    List<PreprocessingStep> steps = pipeline.steps();
    this.imageSteps = steps.subList(0, steps.size() - 1);
    this.last = steps.get(steps.size() - 1);
    this.width = pipeline.width();
    this.height = pipeline.height();
    if (last instanceof PreprocessingStep.Normalize n) {
      float[] mean = n.mean();
      float[] std = n.std();
      for (int c = 0; c < 3; c++) {
        // (v / 255 - mean) / std folded into one multiply-add.
        scale[c] = 1f / (255f * std[c]);
        shift[c] = -mean[c] / std[c];
      }
    }
  }

  /**
   * The declared pipeline this runs.
   *
   * @return the pipeline
   */
  public PreprocessingPipeline pipeline() {
    return pipeline;
  }

  /**
   * Channels of one input sample.
   *
   * @return the channel count
   */
  public int channels() {
    return 3;
  }

  /**
   * Height of one input sample.
   *
   * @return pixels
   */
  public int height() {
    return height;
  }

  /**
   * Width of one input sample.
   *
   * @return pixels
   */
  public int width() {
    return width;
  }

  /**
   * Values of one input sample, {@code channels * height * width}.
   *
   * @return the sample size
   */
  public int sampleSize() {
    return 3 * height * width;
  }

  /**
   * One image's input as a new planar ({@code [3][height][width]}) array.
   *
   * @param image any size
   * @return the input
   */
  public float[] apply(RgbImage image) {
    float[] out = new float[sampleSize()];
    write(image, out, 0, false);
    return out;
  }

  /**
   * Writes one image's input into {@code destination} starting at {@code offset}.
   *
   * @param image        the image, any size
   * @param destination  the batch buffer
   * @param offset       first index of this sample ({@code index * sampleSize()})
   * @param channelsLast true for HWC order, false for CHW
   */
  public void write(RgbImage image, float[] destination, int offset, boolean channelsLast) {
    Checks.notNull("image", image);
    int n = imageSteps.size();
    // A centre crop right before the final step that fits inside the image is read in place.
    boolean foldCrop = n > 0 && imageSteps.get(n - 1) instanceof PreprocessingStep.CenterCrop;
    for (int i = 0; i < (foldCrop ? n - 1 : n); i++) {
      image = apply(imageSteps.get(i), image);
    }
    if (foldCrop && (image.width() < width || image.height() < height)) {
      image = apply(imageSteps.get(n - 1), image); // pads, as torchvision's CenterCrop
    }
    // torchvision CenterCrop: offsets int(round((size - crop) / 2.0)), Python's round-half-even = Math.rint.
    int x0 = (int) Math.rint((image.width() - width) / 2.0);
    int y0 = (int) Math.rint((image.height() - height) / 2.0);
    if (!foldCrop && (image.width() != width || image.height() != height)) {
      throw new IllegalStateException("pipeline " + pipeline + " made a " + image.width() + "x" + image.height()
          + " image, not " + width + "x" + height);
    }
    ByteBuffer rgb = image.buffer();
    if (last instanceof PreprocessingStep.Normalize) {
      normalize(rgb, image.width(), x0, y0, destination, offset, channelsLast);
    } else if (!channelsLast) {
      SpecSpectrum.write(rgb, image.width(), x0, y0, width, height, destination, offset);
    } else {
      int plane = width * height;
      float[] chw = new float[3 * plane];
      SpecSpectrum.write(rgb, image.width(), x0, y0, width, height, chw, 0);
      for (int i = 0; i < plane; i++) {
        for (int c = 0; c < 3; c++) {
          destination[offset + 3 * i + c] = chw[c * plane + i];
        }
      }
    }
  }

  private static RgbImage apply(PreprocessingStep step, RgbImage image) {
    if (step instanceof PreprocessingStep.ResizeShorterSide r) {
      int w = image.width();
      int h = image.height();
      if (r.onlyEnlarge() && Math.min(w, h) >= r.size()) {
        return image;
      }
      // torchvision Resize(int): shorter side = size, longer side truncated.
      int rw = w <= h ? r.size() : (int) ((long) r.size() * w / h);
      int rh = w <= h ? (int) ((long) r.size() * h / w) : r.size();
      return Resize.resize(image, Math.max(1, rw), Math.max(1, rh), r.filter());
    }
    if (step instanceof PreprocessingStep.ResizeTo r) {
      return Resize.resize(image, r.width(), r.height(), r.filter());
    }
    if (step instanceof PreprocessingStep.CenterCrop c) {
      return new CenterCrop(c.size(), c.size()).apply(image);
    }
    throw new IllegalStateException("not an image step: " + step);
  }

  private void normalize(ByteBuffer rgb, int stride, int x0, int y0, float[] dst, int offset,
      boolean channelsLast) {
    int plane = width * height;
    float s0 = scale[0];
    float s1 = scale[1];
    float s2 = scale[2];
    float t0 = shift[0];
    float t1 = shift[1];
    float t2 = shift[2];
    for (int y = 0; y < height; y++) {
      int src = 3 * ((y + y0) * stride + x0);
      int row = y * width;
      for (int x = 0; x < width; x++, src += 3) {
        float r = (rgb.get(src) & 0xFF) * s0 + t0;
        float g = (rgb.get(src + 1) & 0xFF) * s1 + t1;
        float b = (rgb.get(src + 2) & 0xFF) * s2 + t2;
        if (channelsLast) {
          int i = offset + 3 * (row + x);
          dst[i] = r;
          dst[i + 1] = g;
          dst[i + 2] = b;
        } else {
          int i = offset + row + x;
          dst[i] = r;
          dst[i + plane] = g;
          dst[i + 2 * plane] = b;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "CompiledPipeline" + pipeline.steps();
  }
}
