package org.genimage.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.genimage.api.BufferedImages;
import org.genimage.api.RgbImage;
import org.genimage.api.internal.Checks;

/**
 * Encodes {@link RgbImage}s to JPEG and PNG bytes with the JDK's ImageIO writers: the encoders the
 * simulated maker and the shortcut-removal options use. JPEG output is baseline, YCbCr with 4:2:0
 * chroma subsampling and the IJG tables scaled to the given quality, like libjpeg and Pillow.
 */
public final class ImageEncoding {
  private ImageEncoding() {}

  /**
   * Encodes as JPEG.
   *
   * @param image the pixels
   * @param quality the IJG quality 1..100
   * @return the file bytes
   */
  public static byte[] jpeg(RgbImage image, int quality) {
    Checks.notNull("image", image);
    Checks.inRange("quality", quality, 1, 100);
    ImageWriter writer = writer("jpeg");
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      return write(writer, param, image);
    } finally {
      writer.dispose();
    }
  }

  /**
   * Encodes as PNG (lossless).
   *
   * @param image the pixels
   * @return the file bytes
   */
  public static byte[] png(RgbImage image) {
    Checks.notNull("image", image);
    ImageWriter writer = writer("png");
    try {
      return write(writer, writer.getDefaultWriteParam(), image);
    } finally {
      writer.dispose();
    }
  }

  private static ImageWriter writer(String format) {
    // The JDK's own writers come first in the registry; TwelveMonkeys' JPEG writer delegates to it.
    Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format);
    if (!it.hasNext()) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    return it.next();
  }

  private static byte[] write(ImageWriter writer, ImageWriteParam param, RgbImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.pixelCount() + 1024);
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(BufferedImages.toBufferedImage(image), null, null), param);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory encoding failed", e);
    }
    return bytes.toByteArray();
  }
}
