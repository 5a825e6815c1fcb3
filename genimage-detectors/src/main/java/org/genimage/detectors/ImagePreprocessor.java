package org.genimage.detectors;

import java.nio.ByteBuffer;
import org.genimage.api.Checks;
import org.genimage.api.RgbImage;
import org.genimage.degrade.ResampleFilter;
import org.genimage.degrade.Resize;

/**
 * Applies a {@link Preprocessing} exactly as torchvision's {@code Resize(resize)} (on PIL images: Pillow's
 * antialiased bilinear, via genimage-degrade's Pillow-exact {@link Resize}), {@code CenterCrop(crop)},
 * {@code ToTensor()} and {@code Normalize(mean, std)}, writing the crop straight from the image's bytes into
 * the batch buffer. An image smaller than the crop with {@code resize = 0} is resized up to the crop
 * (torchvision would pad with zeros). Stateless and thread-safe.
 */
final class ImagePreprocessor implements Preprocessor {
  private final Preprocessing p;
  private final float[] scale = new float[3];
  private final float[] shift = new float[3];

  ImagePreprocessor(Preprocessing p) {
    this.p = p;
    float[] mean = p.mean();
    float[] std = p.std();
    for (int c = 0; c < 3; c++) {
      // (v / 255 - mean) / std folded into one multiply-add.
      scale[c] = 1f / (255f * std[c]);
      shift[c] = -mean[c] / std[c];
    }
  }

  @Override
  public int channels() {
    return 3;
  }

  @Override
  public int height() {
    return p.crop();
  }

  @Override
  public int width() {
    return p.crop();
  }

  @Override
  public void write(RgbImage image, float[] dst, int offset, boolean channelsLast) {
    Checks.notNull("image", image);
    int crop = p.crop();
    int target = p.resize();
    if (target == 0 && Math.min(image.width(), image.height()) < crop) {
      target = crop;
    }
    if (target != 0) {
      int w = image.width();
      int h = image.height();
      // torchvision Resize(int): shorter side = target, longer side truncated, Pillow bilinear (antialiased).
      int rw = w <= h ? target : (int) ((long) target * w / h);
      int rh = w <= h ? (int) ((long) target * h / w) : target;
      if (rw != w || rh != h) {
        image = Resize.resize(image, rw, rh, ResampleFilter.BILINEAR);
      }
    }
    int w = image.width();
    int h = image.height();
    // torchvision CenterCrop: offsets int(round((size - crop) / 2.0)), Python's round-half-even = Math.rint.
    int x0 = (int) Math.rint((w - crop) / 2.0);
    int y0 = (int) Math.rint((h - crop) / 2.0);
    ByteBuffer rgb = image.buffer();
    int plane = crop * crop;
    float s0 = scale[0];
    float s1 = scale[1];
    float s2 = scale[2];
    float t0 = shift[0];
    float t1 = shift[1];
    float t2 = shift[2];
    for (int y = 0; y < crop; y++) {
      int src = 3 * ((y + y0) * w + x0);
      int row = y * crop;
      for (int x = 0; x < crop; x++, src += 3) {
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
}
