package org.genimage.dataset;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.genimage.api.BadImageException;
import org.genimage.api.Checks;
import org.genimage.api.ImageLoader;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;

/**
 * Decodes image files (JPEG, including CMYK/YCCK and files with broken ICC profiles; PNG; WebP; BMP;
 * anything else an installed ImageIO reader handles) into {@link RgbImage}s through TwelveMonkeys
 * ImageIO, reading the decoded raster's {@link DataBufferByte} directly where its layout allows.
 *
 * <p>The format is sniffed from the content, not the extension, so a PNG named {@code .JPEG} decodes
 * (and {@link #formatOf(Path)} lets a verifier report the mismatch). Every failure is a
 * {@link BadImageException} naming the file: missing or vanished, zero bytes, not an image, larger than
 * {@link #maxPixels()} (checked from the header before any pixel is decoded, against decompression
 * bombs), truncated or corrupt. A reader's truncation warning (a JPEG's premature end, which the
 * JDK decoder reports as a warning and fills with grey) counts as a failure, as in Pillow, unless
 * {@link #lenient()} is chosen; other warnings (a broken ICC profile) do not. Instances are immutable and thread-safe.
 */
public final class ImageDecoder implements ImageLoader {
  /** The default pixel limit: Pillow's decompression-bomb error threshold, 2 x 89,478,485. */
  public static final long DEFAULT_MAX_PIXELS = org.genimage.api.ReadLimits.MAX_IMAGE_PIXELS;

  static {
    // Registers TwelveMonkeys' readers (found through the service loader) once per class loader.
    ImageIO.scanForPlugins();
    ImageIO.setUseCache(false);
  }

  private static final ImageDecoder DEFAULT = new ImageDecoder(DEFAULT_MAX_PIXELS, false);

  private final long maxPixels;
  private final boolean lenient;

  private ImageDecoder(long maxPixels, boolean lenient) {
    this.maxPixels = maxPixels;
    this.lenient = lenient;
  }

  /**
   * The strict decoder with the default pixel limit.
   *
   * @return a shared instance
   */
  public static ImageDecoder standard() {
    return DEFAULT;
  }

  /**
   * A decoder with another pixel limit.
   *
   * @param limit the most pixels an image may have, 1..{@link RgbImage#MAX_PIXELS}
   * @return a new decoder
   */
  public ImageDecoder withMaxPixels(long limit) {
    if (limit < 1 || limit > RgbImage.MAX_PIXELS) {
      throw new org.genimage.api.BadArgumentException("maxPixels", limit,
          "1.." + RgbImage.MAX_PIXELS);
    }
    return new ImageDecoder(limit, lenient);
  }

  /**
   * A decoder that accepts what the reader recovers from a file it warned about (a truncated JPEG
   * decodes with grey at the end, as libjpeg does) instead of failing.
   *
   * @return a new decoder
   */
  public ImageDecoder lenient() {
    return new ImageDecoder(maxPixels, true);
  }

  /**
   * The pixel limit.
   *
   * @return the most pixels a decoded image may have
   */
  public long maxPixels() {
    return maxPixels;
  }

  /**
   * Decodes a sample's file.
   *
   * @param sample the sample
   * @return its pixels
   * @throws BadImageException naming the file on any failure
   */
  @Override
  public RgbImage load(Sample sample) {
    return decode(sample.path());
  }

  /**
   * Decodes a file.
   *
   * @param file the file
   * @return its pixels
   * @throws BadImageException naming the file on any failure
   */
  public RgbImage decode(Path file) {
    Checks.notNull("file", file);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadImageException(file, "file not found (missing or vanished)", e);
    } catch (IOException | OutOfMemoryError e) {
      throw new BadImageException(file, "cannot read: " + e, e);
    }
    return decode(bytes, file);
  }

  /**
   * Decodes bytes held in memory.
   *
   * @param bytes the encoded image
   * @param file the file they came from, named in errors (may be null)
   * @return the pixels
   * @throws BadImageException naming {@code file} on any failure
   */
  public RgbImage decode(byte[] bytes, Path file) {
    Checks.notNull("bytes", bytes);
    if (bytes.length == 0) {
      throw new BadImageException(file, "zero-byte file");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new BadImageException(file, "not a recognised image format (" + bytes.length
            + " bytes, starting " + hexHead(bytes) + ")");
      }
      ImageReader reader = readers.next();
      try {
        StringBuilder warnings = new StringBuilder();
        IIOReadWarningListener listener = (source, warning) -> {
          if (warnings.length() < 300) {
            warnings.append(warnings.length() == 0 ? "" : "; ").append(warning);
          }
        };
        reader.addIIOReadWarningListener(listener);
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w <= 0 || h <= 0) {
          throw new BadImageException(file, "header gives size " + w + "x" + h);
        }
        if ((long) w * h > maxPixels) {
          throw new BadImageException(file, "image of " + w + "x" + h + " = " + (long) w * h
              + " pixels exceeds the limit of " + maxPixels + " (possible decompression bomb)");
        }
        ImageReadParam param = reader.getDefaultReadParam();
        BufferedImage image = reader.read(0, param);
        String w8 = warnings.toString().toLowerCase(Locale.ROOT);
        // Only truncation fails: ImageNet's broken ICC profiles and stray bytes before a marker
        // also raise warnings, and Pillow decodes those files too.
        if (!lenient && (w8.contains("premature end") || w8.contains("truncat"))) {
          throw new BadImageException(file, "corrupt or truncated "
              + reader.getFormatName().toUpperCase(Locale.ROOT) + ": " + warnings);
        }
        return toRgb(image);
      } finally {
        reader.dispose();
      }
    } catch (BadImageException e) {
      throw e;
    } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
      // Readers throw IIOException, but also IndexOutOfBounds, NegativeArraySize, IllegalArgument
      // and friends on hostile input: every one is this file's fault, so every one is attributed.
      throw new BadImageException(file, "undecodable: " + e, e);
    }
  }

  /**
   * The format the content of a file is in, as ImageIO names it ({@code "JPEG"}, {@code "png"}), read
   * from its first bytes.
   *
   * @param file the file
   * @return the lower-case format name, or {@code ""} if no reader recognises it
   * @throws BadImageException if the file cannot be read
   */
  public static String formatOf(Path file) {
    try (InputStream raw = Files.newInputStream(file);
        ImageInputStream in = ImageIO.createImageInputStream(raw)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return "";
      }
      ImageReader r = readers.next();
      String name = r.getFormatName().toLowerCase(Locale.ROOT);
      r.dispose();
      return name.equals("jpg") ? "jpeg" : name;
    } catch (IOException e) {
      throw new BadImageException(file, "cannot read: " + e, e);
    }
  }

  private static String hexHead(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      sb.append(String.format("%02x", bytes[i] & 0xFF));
    }
    return sb.toString();
  }

  /**
   * Converts a decoded image, reading byte rasters with interleaved RGB(A) or grey samples straight
   * from their data buffer and everything else (palettes, 16-bit, packed ints) through getRGB.
   */
  static RgbImage toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    Raster raster = image.getRaster();
    byte[] out = new byte[3 * w * h];
    if (raster.getDataBuffer() instanceof DataBufferByte db
        && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
        && image.getColorModel() instanceof ComponentColorModel cm
        && cm.getComponentSize(0) == 8
        && raster.getParent() == null
        && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
        && db.getNumBanks() == 1) {
      ColorSpace cs = cm.getColorSpace();
      int bands = sm.getNumBands();
      int[] offsets = sm.getBandOffsets();
      int stride = sm.getScanlineStride();
      int pixelStride = sm.getPixelStride();
      byte[] data = db.getData();
      int base = db.getOffset();
      if (cs.isCS_sRGB() && bands >= 3) {
        int ro = offsets[0];
        int go = offsets[1];
        int bo = offsets[2];
        for (int y = 0, o = 0; y < h; y++) {
          int row = base + y * stride;
          for (int x = 0; x < w; x++, o += 3) {
            int p = row + x * pixelStride;
            out[o] = data[p + ro];
            out[o + 1] = data[p + go];
            out[o + 2] = data[p + bo];
          }
        }
        return RgbImage.wrap(w, h, out);
      }
      if (cs.getType() == ColorSpace.TYPE_GRAY && bands <= 2) {
        int go = offsets[0];
        for (int y = 0, o = 0; y < h; y++) {
          int row = base + y * stride;
          for (int x = 0; x < w; x++, o += 3) {
            byte v = data[row + x * pixelStride + go];
            out[o] = v;
            out[o + 1] = v;
            out[o + 2] = v;
          }
        }
        return RgbImage.wrap(w, h, out);
      }
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      int o = 3 * y * w;
      for (int x = 0; x < w; x++, o += 3) {
        int p = row[x];
        out[o] = (byte) (p >>> 16);
        out[o + 1] = (byte) (p >>> 8);
        out[o + 2] = (byte) p;
      }
    }
    return RgbImage.wrap(w, h, out);
  }
}
