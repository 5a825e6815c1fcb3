package org.genimage.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadImageException;
import org.genimage.api.ImageLoader;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * SHA-256 checksums of files, and the checksum file ({@code sha256sum} format: {@code <hex>  <id>}
 * per line) that {@link Verifier} writes and later loads honour through {@link #verifying}.
 */
public final class Checksums {
  private final Map<String, String> byId;

  private Checksums(Map<String, String> byId) {
    this.byId = Map.copyOf(byId);
  }

  /**
   * The SHA-256 of a file.
   *
   * @param file the file
   * @return 64 lower-case hex digits
   * @throws BadImageException naming the file if it cannot be read
   */
  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new BadImageException(file, "cannot read for checksum: " + e, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The SHA-256 of bytes.
   *
   * @param bytes the bytes
   * @return 64 lower-case hex digits
   */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Checksums from a map of sample id to hex digest.
   *
   * @param byId the checksums
   * @return the checksums
   */
  public static Checksums of(Map<String, String> byId) {
    return new Checksums(Checks.notNull("byId", byId));
  }

  /**
   * Reads a checksum file.
   *
   * @param file the file
   * @return the checksums
   * @throws BadDatasetLayoutException naming the file and line if malformed
   */
  public static Checksums read(Path file) {
    Map<String, String> map = new HashMap<>();
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i);
        if (l.isBlank()) {
          continue;
        }
        if (l.length() < 67 || !l.substring(0, 64).matches("[0-9a-f]{64}")) {
          throw new BadDatasetLayoutException(file, "line " + (i + 1) + ": expected '<sha256>  <id>'");
        }
        map.put(l.substring(66), l.substring(0, 64));
      }
    } catch (IOException e) {
      throw new BadDatasetLayoutException(file, "cannot read the checksum file", e);
    }
    return new Checksums(map);
  }

  /**
   * The checksum of an id.
   *
   * @param id a sample id
   * @return the hex digest, or null if not listed
   */
  public String get(String id) {
    return byId.get(id);
  }

  /**
   * The number of listed files.
   *
   * @return the count
   */
  public int size() {
    return byId.size();
  }

  /**
   * A loader that reads each file once (after checking its length against the decoder's
   * {@link ImageDecoder#maxBytes()}), checks its SHA-256 against this list when listed, and decodes
   * the same bytes.
   *
   * @param decoder the decoder
   * @return the loader; a mismatch is a {@link BadImageException} naming the file
   */
  public ImageLoader verifying(ImageDecoder decoder) {
    Checks.notNull("decoder", decoder);
    return sample -> {
      // Read once, length checked against the decoder's byte limit first, for both uses.
      byte[] bytes = decoder.readBounded(sample.path());
      String want = byId.get(sample.id());
      if (want != null && !want.equals(sha256(bytes))) {
        throw new BadImageException(sample.path(), "SHA-256 does not match the checksum file");
      }
      return decoder.decode(bytes, sample.path());
    };
  }
}
