package org.genimage.api;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import org.genimage.api.internal.Checks;

/**
 * Conversions between {@link RgbImage} and {@link BufferedImage}, for the edges of a pipeline (a
 * decoder's output, a picture written for people). The common raster layouts are copied straight from
 * their data buffers; other layouts go through {@link BufferedImage#getRGB}. Alpha is dropped (the
 * colour channels are kept as stored, like Pillow's {@code convert("RGB")}).
 */
public final class BufferedImages {
  private BufferedImages() {}

  /**
   * Converts a decoded image to an {@link RgbImage}.
   *
   * @param image any {@link BufferedImage}
   * @return the RGB pixels
   */
  public static RgbImage toRgbImage(BufferedImage image) {
    Checks.notNull("image", image);
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[3 * w * h];
    Raster raster = image.getRaster();
    boolean whole = raster.getParent() == null && raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0;
    switch (whole ? image.getType() : BufferedImage.TYPE_CUSTOM) {
      case BufferedImage.TYPE_3BYTE_BGR -> {
        byte[] bgr = ((DataBufferByte) raster.getDataBuffer()).getData();
        for (int i = 0; i < out.length; i += 3) {
          out[i] = bgr[i + 2];
          out[i + 1] = bgr[i + 1];
          out[i + 2] = bgr[i];
        }
      }
      case BufferedImage.TYPE_BYTE_GRAY -> {
        byte[] gray = ((DataBufferByte) raster.getDataBuffer()).getData();
        for (int p = 0, i = 0; p < gray.length; p++, i += 3) {
          out[i] = gray[p];
          out[i + 1] = gray[p];
          out[i + 2] = gray[p];
        }
      }
      case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB -> {
        int[] packed = ((DataBufferInt) raster.getDataBuffer()).getData();
        unpack(packed, out);
      }
      default -> {
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
          image.getRGB(0, y, w, 1, row, 0, w);
          int base = 3 * y * w;
          for (int x = 0; x < w; x++) {
            int p = row[x];
            out[base + 3 * x] = (byte) (p >>> 16);
            out[base + 3 * x + 1] = (byte) (p >>> 8);
            out[base + 3 * x + 2] = (byte) p;
          }
        }
      }
    }
    return RgbImage.wrap(w, h, out);
  }

  private static void unpack(int[] packed, byte[] out) {
    for (int p = 0, i = 0; p < packed.length; p++, i += 3) {
      int v = packed[p];
      out[i] = (byte) (v >>> 16);
      out[i + 1] = (byte) (v >>> 8);
      out[i + 2] = (byte) v;
    }
  }

  /**
   * Converts an {@link RgbImage} to a {@link BufferedImage#TYPE_3BYTE_BGR} image, the layout the JDK's
   * encoders write fastest.
   *
   * @param image the pixels
   * @return a new buffered image
   */
  public static BufferedImage toBufferedImage(RgbImage image) {
    Checks.notNull("image", image);
    BufferedImage out =
        new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    image.copyTo(bgr, 0);
    for (int i = 0; i < bgr.length; i += 3) {
      byte r = bgr[i];
      bgr[i] = bgr[i + 2];
      bgr[i + 2] = r;
    }
    return out;
  }
}
