package org.genimage.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.genimage.api.BadImageException;
import org.genimage.api.internal.Checks;

/**
 * The check {@link Verifier} runs on each file, at the depth it was built with: a full streamed
 * decode plus SHA-256 ({@link Verifier.Check#DECODE}), or a look at the signature and end marker
 * that falls back to the decode when they are wrong ({@link Verifier.Check#STRUCTURE}). Either also
 * finds content that does not match the file's extension. Thread-safe: it holds no state.
 */
final class FileCheck {
  private static final int HEAD = 16;
  private static final int TAIL = 64;
  /** The IEND chunk's type and CRC, which end every PNG. */
  private static final byte[] PNG_END = {'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
  /** JPEG's end-of-image marker (only a marker can hold 0xFF 0xD9: scan data stuffs 0xFF). */
  private static final byte[] JPEG_END = {(byte) 0xFF, (byte) 0xD9};

  private final ImageDecoder decoder;
  private final Verifier.Check depth;

  /**
   * A check.
   *
   * @param decoder the decoder, whose limits apply
   * @param depth how deeply to check
   */
  FileCheck(ImageDecoder decoder, Verifier.Check depth) {
    this.decoder = decoder;
    this.depth = depth;
  }

  /**
   * Checks one entry's file.
   *
   * @param index the index
   * @param i the entry
   * @return the result as a progress record: {status, SHA-256 or problem kind or "-", id, detail}
   */
  String[] check(DatasetIndex index, int i) {
    String id = index.id(i);
    Path file = index.root().resolve(id);
    return depth == Verifier.Check.STRUCTURE ? checkStructure(id, file) : decodeCheck(id, file);
  }

  /**
   * The signature and end marker; a file that fails them is fully decoded, so a JPEG with bytes
   * after its end marker, which decoders accept, is not reported.
   */
  private String[] checkStructure(String id, Path file) {
    byte[] head = new byte[HEAD];
    byte[] tail = new byte[TAIL];
    int headLen;
    int tailLen;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        return new String[] {"BAD", Problem.Kind.ZERO_BYTES.name(), id, "zero-byte file"};
      }
      if (size > decoder.maxBytes()) {
        return new String[] {"BAD", Problem.Kind.TOO_LARGE.name(), id, "file of " + size
            + " bytes exceeds the limit of " + decoder.maxBytes() + " bytes"};
      }
      headLen = readAt(ch, head, 0);
      tailLen = readAt(ch, tail, Math.max(0, size - TAIL));
    } catch (IOException e) {
      return new String[] {"BAD", Problem.Kind.UNREADABLE.name(), id, "cannot read: " + e};
    }
    String content = sniff(Arrays.copyOf(head, headLen));
    boolean sound = switch (content) {
      case "png" -> contains(tail, tailLen, PNG_END);
      case "jpeg" -> contains(tail, tailLen, JPEG_END);
      case "webp", "bmp" -> true;
      default -> false;
    };
    if (!sound) {
      return decodeCheck(id, file);
    }
    String ext = extension(id);
    if (!ext.isEmpty() && !content.equals(ext)) {
      return new String[] {"MISNAMED", "-", id, content.toUpperCase(Locale.ROOT)
          + " content in a ." + id.substring(id.lastIndexOf('.') + 1) + " file"};
    }
    return new String[] {"OK", "-", id, ""};
  }

  private static int readAt(FileChannel ch, byte[] into, long position) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(into);
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        break;
      }
      pos += n;
    }
    return buf.position();
  }

  private static boolean contains(byte[] hay, int len, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= len; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (hay[i + k] != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * The full check: decode (streamed, the file's length and then its header checked against the
   * decoder's limits before any pixel is decoded), then one more streamed pass for the SHA-256 and
   * the first bytes. Only a {@link BadImageException} is a finding about the file; anything else
   * (out of memory, a bug) fails the run.
   */
  private String[] decodeCheck(String id, Path file) {
    try {
      decoder.decode(file);
    } catch (BadImageException e) {
      return new String[] {"BAD", Problem.Kind.of(e.reason()).name(), id, e.problem()};
    }
    byte[] head = new byte[HEAD];
    String sha;
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int headLen = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        if (headLen < HEAD) {
          int k = Math.min(n, HEAD - headLen);
          System.arraycopy(buf, 0, head, headLen, k);
          headLen += k;
        }
        md.update(buf, 0, n);
      }
      head = Arrays.copyOf(head, headLen);
      sha = HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      // It decoded a moment ago: it vanished or the disk failed in between.
      return new String[] {"BAD", Problem.Kind.UNREADABLE.name(), id, "cannot read: " + e};
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    String content = sniff(head);
    String ext = extension(id);
    if (!content.isEmpty() && !ext.isEmpty() && !content.equals(ext)) {
      return new String[] {"MISNAMED", sha, id, content.toUpperCase(Locale.ROOT)
          + " content in a ." + id.substring(id.lastIndexOf('.') + 1) + " file"};
    }
    return new String[] {"OK", sha, id, ""};
  }

  static String sniff(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
      return "jpeg";
    }
    if (b.length >= 4 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "png";
    }
    if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[8] == 'W' && b[9] == 'E') {
      return "webp";
    }
    if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
      return "bmp";
    }
    return "";
  }

  private static String extension(String name) {
    String e = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return switch (e) {
      case "jpg", "jpeg" -> "jpeg";
      case "png", "webp", "bmp" -> e;
      default -> "";
    };
  }
}
