package org.genimage.dataset;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadImageException.Reason;
import org.genimage.api.BadImageException;
import org.genimage.api.ImageLoader;
import org.genimage.api.ReadLimits;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * Decodes image files (JPEG, including CMYK/YCCK and files with broken ICC profiles; PNG; WebP; BMP;
 * anything else an installed ImageIO reader handles) into {@link RgbImage}s through TwelveMonkeys
 * ImageIO, reading the decoded raster's {@link DataBufferByte} directly where its layout allows.
 *
 * <p>The format is sniffed from the content, not the extension, so a PNG named {@code .JPEG} decodes
 * (and {@link #formatOf(Path)} lets a verifier report the mismatch). A file is streamed, never read
 * whole, and checked in this order before any pixel is decoded: its length against
 * {@link #maxBytes()} (default {@link ReadLimits#MAX_IMAGE_BYTES}), its format, and the width x height
 * its header declares against {@link #maxPixels()} (default {@link ReadLimits#MAX_IMAGE_PIXELS},
 * against decompression bombs). Every failure caused by the file is a {@link BadImageException} naming
 * the file, with a {@link BadImageException.Reason}: missing or vanished, zero bytes, not an image,
 * too large, truncated or corrupt.
 *
 * <p>Truncation is recognised structurally: the decoder asked the stream for bytes past the end of
 * the file (a JPEG's premature end, which the JDK decoder reports only as a warning and fills with
 * grey, or a PNG whose data stops early). That fails, as in Pillow, unless {@link #lenient()} is
 * chosen; other reader warnings (a broken ICC profile, stray bytes before a marker) do not.
 *
 * <p>Failures that are not about the file propagate unchanged: an {@link OutOfMemoryError} (the pixel
 * limit already bounds what one image may take, so running out is the heap's or another thread's
 * doing) and anything thrown outside the reader. Instances are immutable and thread-safe.
 */
public final class ImageDecoder implements ImageLoader {
  /** The default pixel limit: Pillow's decompression-bomb error threshold, 2 x 89,478,485. */
  public static final long DEFAULT_MAX_PIXELS = ReadLimits.MAX_IMAGE_PIXELS;

  static {
    // Registers TwelveMonkeys' readers (found through the service loader) once per class loader.
    ImageIO.scanForPlugins();
    ImageIO.setUseCache(false);
  }

  private static final ImageDecoder DEFAULT =
      new ImageDecoder(DEFAULT_MAX_PIXELS, ReadLimits.MAX_IMAGE_BYTES, false);

  private final long maxPixels;
  private final long maxBytes;
  private final boolean lenient;

  private ImageDecoder(long maxPixels, long maxBytes, boolean lenient) {
    this.maxPixels = maxPixels;
    this.maxBytes = maxBytes;
    this.lenient = lenient;
  }

  /**
   * The strict decoder with the default pixel and byte limits.
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
      throw new BadArgumentException("maxPixels", limit, "1.." + RgbImage.MAX_PIXELS);
    }
    return new ImageDecoder(limit, maxBytes, lenient);
  }

  /**
   * A decoder with another file-size limit, checked before a byte of the file is read.
   *
   * @param limit the most bytes an image file may have, 1..{@link Integer#MAX_VALUE} (default
   *     {@link ReadLimits#MAX_IMAGE_BYTES})
   * @return a new decoder
   */
  public ImageDecoder withMaxBytes(long limit) {
    if (limit < 1 || limit > Integer.MAX_VALUE) {
      throw new BadArgumentException("maxBytes", limit, "1.." + Integer.MAX_VALUE);
    }
    return new ImageDecoder(maxPixels, limit, lenient);
  }

  /**
   * A decoder that accepts what the reader recovers from a truncated file (a truncated JPEG
   * decodes with grey at the end, as libjpeg does) instead of failing.
   *
   * @return a new decoder
   */
  public ImageDecoder lenient() {
    return new ImageDecoder(maxPixels, maxBytes, true);
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
   * The file-size limit.
   *
   * @return the most bytes an image file may have
   */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Decodes a sample's file.
   *
   * @param sample the sample
   * @return its pixels
   * @throws BadImageException naming the file on any failure caused by the file
   */
  @Override
  public RgbImage load(Sample sample) {
    return decode(sample.path());
  }

  /**
   * Decodes a file, streaming it from disk.
   *
   * @param file the file
   * @return its pixels
   * @throws BadImageException naming the file on any failure caused by the file
   */
  public RgbImage decode(Path file) {
    Checks.notNull("file", file);
    try (RandomAccessFile raf = open(file)) {
      long length = raf.length();
      checkLength(length, file);
      // A seekable, buffered stream straight over the file (TwelveMonkeys' RAF stream provider):
      // nothing is cached in memory, and the length above is the one the reader sees.
      ImageInputStream in = ImageIO.createImageInputStream(raf);
      if (in == null) {
        throw new BadImageException(file, Reason.UNREADABLE, "no ImageIO stream for the file", null);
      }
      try (in) {
        return decodeStream(in, length, file);
      }
    } catch (IOException e) {
      throw new BadImageException(file, Reason.UNREADABLE, "cannot read: " + e, e);
    }
  }

  /**
   * Decodes bytes held in memory.
   *
   * @param bytes the encoded image
   * @param file the file they came from, named in errors (may be null)
   * @return the pixels
   * @throws BadImageException naming {@code file} on any failure caused by the bytes
   */
  public RgbImage decode(byte[] bytes, Path file) {
    Checks.notNull("bytes", bytes);
    checkLength(bytes.length, file);
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      // The stream over an InputStream does not know its length; the structural checks need it.
      return decodeStream(in, bytes.length, file);
    } catch (IOException e) {
      throw new BadImageException(file, Reason.UNREADABLE, "cannot read: " + e, e);
    }
  }

  /**
   * Reads a whole file after checking its length against {@link #maxBytes()}, for callers that
   * need the bytes themselves (a checksum and a decode of the same read).
   *
   * @param file the file
   * @return its bytes
   * @throws BadImageException naming the file if it is missing, empty, too large or unreadable
   */
  byte[] readBounded(Path file) {
    try (RandomAccessFile raf = open(file)) {
      long length = raf.length();
      checkLength(length, file);
      byte[] bytes = new byte[(int) length];
      raf.readFully(bytes);
      return bytes;
    } catch (EOFException e) {
      throw new BadImageException(file, Reason.UNREADABLE, "file shrank while being read", e);
    } catch (IOException e) {
      throw new BadImageException(file, Reason.UNREADABLE, "cannot read: " + e, e);
    }
  }

  private static RandomAccessFile open(Path file) {
    try {
      return new RandomAccessFile(file.toFile(), "r");
    } catch (FileNotFoundException e) {
      // RandomAccessFile says "not found" for folders and unreadable files too: tell them apart.
      String what = Files.exists(file) ? "cannot open: " + e.getMessage()
          : "file not found (missing or vanished)";
      throw new BadImageException(file, Reason.UNREADABLE, what, e);
    } catch (UnsupportedOperationException e) {
      throw new BadImageException(file, Reason.UNREADABLE, "not on the default file system", e);
    }
  }

  private void checkLength(long length, Path file) {
    if (length == 0) {
      throw new BadImageException(file, Reason.ZERO_BYTES, "zero-byte file", null);
    }
    if (length > maxBytes) {
      throw new BadImageException(file, Reason.TOO_LARGE, "file of " + length
          + " bytes exceeds the limit of " + maxBytes + " bytes", null);
    }
  }

  private RgbImage decodeStream(ImageInputStream in, long length, Path file) throws IOException {
    if (in == null) {
      throw new BadImageException(file, Reason.UNREADABLE, "no ImageIO stream for the input", null);
    }
    ImageReader reader = null;
    String format = "image";
    try {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new BadImageException(file, Reason.NOT_AN_IMAGE, "not a recognised image format ("
            + length + " bytes, starting " + hexHead(in) + ")", null);
      }
      reader = readers.next();
      format = reader.getFormatName().toUpperCase(Locale.ROOT);
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
        throw new BadImageException(file, Reason.UNDECODABLE, "header gives size " + w + "x" + h,
            null);
      }
      if ((long) w * h > maxPixels) {
        throw new BadImageException(file, Reason.TOO_LARGE, "image of " + w + "x" + h + " = "
            + (long) w * h + " pixels exceeds the limit of " + maxPixels
            + " (possible decompression bomb)", null);
      }
      BufferedImage image = reader.read(0, reader.getDefaultReadParam());
      // The JDK's JPEG decoder only warns when the data stops early and fills the rest with grey;
      // other readers throw (EOFException, handled below).
      if (!lenient && isJpeg(format) && !JpegEnd.present(in, length)) {
        throw new BadImageException(file, Reason.TRUNCATED, "truncated " + format
            + ": no end-of-image marker after the scan data"
            + (warnings.length() == 0 ? "" : " (" + warnings + ")"), null);
      }
      return toRgb(image);
    } catch (BadImageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Readers throw IIOException, but also IndexOutOfBounds, NegativeArraySize, IllegalArgument
      // and friends on hostile input: every one comes from inside the reader working on this
      // file's bytes, so every one is attributed to the file.
      Reason reason = causedByEof(e) ? Reason.TRUNCATED : Reason.UNDECODABLE;
      throw new BadImageException(file, reason, (reason == Reason.TRUNCATED ? "truncated "
          : "undecodable ") + format + ": " + e, e);
    } catch (StackOverflowError e) {
      // The one Error attributed to the file: readers recurse over nested structures (TIFF IFDs
      // inside EXIF, JPEG thumbnails, PSD resources), so a hostile file nested deep enough
      // overflows the stack inside the reader. The overflow unwinds this thread's stack and
      // nothing else, so the JVM stays sound and a run can go on to the next file.
      // OutOfMemoryError is not caught: the pixel limit bounds what one image takes, so running
      // out is the heap's or another thread's doing, not this file's.
      throw new BadImageException(file, Reason.UNDECODABLE, "undecodable " + format
          + ": the reader overflowed the stack (structures nested too deep)", e);
    } finally {
      if (reader != null) {
        reader.dispose();
      }
    }
  }

  private static boolean isJpeg(String format) {
    return format.equals("JPEG") || format.equals("JPG");
  }

  /** Whether the reader ran out of bytes: an EOFException anywhere in the cause chain. */
  private static boolean causedByEof(Throwable e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      if (t instanceof EOFException) {
        return true;
      }
    }
    return false;
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
      throw new BadImageException(file, Reason.UNREADABLE, "cannot read: " + e, e);
    }
  }

  private static String hexHead(ImageInputStream in) throws IOException {
    byte[] head = new byte[8];
    in.seek(0);
    int n = Math.max(0, in.read(head));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(String.format("%02x", head[i] & 0xFF));
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
