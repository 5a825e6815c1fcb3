package org.genimage.spectral;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.genimage.api.RgbImage;

/** 8-bit conversion and a JPEG round trip (the JDK's encoder, 4:2:0) for the trace studies. */
final class Images8 {
  private Images8() {}

  /** Rounds and clamps three planes to an 8-bit RGB image. */
  static RgbImage toImage(float[][] planes, int width, int height) {
    byte[] rgb = new byte[3 * width * height];
    for (int i = 0; i < width * height; i++) {
      for (int ch = 0; ch < 3; ch++) {
        rgb[3 * i + ch] = (byte) Math.max(0, Math.min(255, Math.round(planes[ch][i])));
      }
    }
    return RgbImage.wrap(width, height, rgb);
  }

  /** The three planes of an image as floats. */
  static float[][] planes(RgbImage image) {
    return new float[][] {Channel.RED.extract(image), Channel.GREEN.extract(image),
        Channel.BLUE.extract(image)};
  }

  /** Encodes as JPEG of the given quality (1..100) and decodes again. */
  static RgbImage jpeg(RgbImage image, int quality) {
    int w = image.width();
    int h = image.height();
    BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        bi.setRGB(x, y, image.rgb(x, y));
      }
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(bi, null, null), param);
      } finally {
        writer.dispose();
      }
      BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
      byte[] rgb = new byte[3 * w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int v = back.getRGB(x, y);
          int i = 3 * (y * w + x);
          rgb[i] = (byte) (v >> 16);
          rgb[i + 1] = (byte) (v >> 8);
          rgb[i + 2] = (byte) v;
        }
      }
      return RgbImage.wrap(w, h, rgb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A random {@code size}-square crop of planes, flipped and rotated at random. */
  static float[][] randomCrop(float[][] planes, int width, int height, int size, Random random) {
    int top = random.nextInt(height - size + 1);
    int left = random.nextInt(width - size + 1);
    boolean flip = random.nextBoolean();
    boolean transpose = random.nextBoolean();
    float[][] out = new float[3][size * size];
    for (int ch = 0; ch < 3; ch++) {
      for (int r = 0; r < size; r++) {
        for (int c = 0; c < size; c++) {
          int rr = transpose ? c : r;
          int cc = transpose ? r : c;
          if (flip) {
            cc = size - 1 - cc;
          }
          out[ch][r * size + c] = planes[ch][(top + rr) * width + left + cc];
        }
      }
    }
    return out;
  }
}
