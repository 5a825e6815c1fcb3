package org.genimage.dataset;

import java.io.IOException;
import javax.imageio.stream.ImageInputStream;

/**
 * Whether a JPEG stream holds its end-of-image marker after the start of its scan data: the
 * structural test for a truncated JPEG, which the JDK decoder only reports as a warning (and fills
 * with grey), in words that change with the libjpeg version.
 *
 * <p>Scan data stuffs every {@code 0xFF} with a zero byte, so {@code FF D9} after the first scan's
 * start can only be the end marker; an {@code FF D9} before it (an EXIF thumbnail's, or bytes of an
 * ICC profile) does not count. Bytes after the end marker (trailers some cameras add) are allowed.
 */
final class JpegEnd {
  private static final int CHUNK = 8192;

  private JpegEnd() {}

  /**
   * Tests the stream.
   *
   * @param in the JPEG stream; its position is changed
   * @param length the stream's length in bytes (an ImageIO stream over an InputStream does not know it)
   * @return true when an end marker follows the first scan's start; false when it is missing or the
   *     marker structure before the first scan is broken
   * @throws IOException if the stream cannot be read
   */
  static boolean present(ImageInputStream in, long length) throws IOException {
    long scan = firstScanData(in);
    if (scan < 0) {
      return false;
    }
    // Searched backwards from the end: in a complete file the marker is in the last chunk.
    byte[] buf = new byte[CHUNK + 1];
    long end = length;
    while (end > scan) {
      long start = Math.max(scan, end - CHUNK);
      // One byte of the chunk after, so a marker split across two chunks is seen.
      int len = (int) (Math.min(length, end + 1) - start);
      in.seek(start);
      in.readFully(buf, 0, len);
      for (int i = len - 2; i >= 0; i--) {
        if ((buf[i] & 0xFF) == 0xFF && (buf[i + 1] & 0xFF) == 0xD9) {
          return true;
        }
      }
      end = start;
    }
    return false;
  }

  /** The offset of the first scan's entropy-coded data, or -1 if the markers before it are broken. */
  private static long firstScanData(ImageInputStream in) throws IOException {
    in.seek(0);
    if (in.read() != 0xFF || in.read() != 0xD8) {
      return -1;
    }
    while (true) {
      int b = in.read();
      if (b < 0) {
        return -1;
      }
      if (b != 0xFF) {
        continue; // stray bytes between segments: libjpeg skips them with a warning
      }
      int marker;
      do {
        marker = in.read();
      } while (marker == 0xFF);
      if (marker < 0) {
        return -1;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x00) {
        continue; // markers without a length
      }
      if (marker == 0xD9) {
        return -1; // an end before any scan
      }
      int hi = in.read();
      int lo = in.read();
      if (lo < 0) {
        return -1;
      }
      int segment = (hi << 8) | lo;
      if (segment < 2) {
        return -1;
      }
      long next = in.getStreamPosition() + segment - 2;
      if (marker == 0xDA) {
        return next;
      }
      in.seek(next);
    }
  }
}
