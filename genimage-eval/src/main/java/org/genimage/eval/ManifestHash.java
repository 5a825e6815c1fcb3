package org.genimage.eval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.genimage.api.Dataset;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * A content-independent fingerprint of a dataset's manifest: SHA-256 over its sample ids and labels,
 * sorted by id, so the same set of samples gives the same hash whatever the order it is listed in.
 * Pixels are not read: the hash says which images with which labels, cheaply, for provenance and for
 * deciding whether a saved cell still belongs to the same test set.
 */
public final class ManifestHash {
  private ManifestHash() {}

  /**
   * Hashes a dataset's manifest.
   *
   * @param dataset the dataset
   * @return {@code "sha256:"} followed by 64 hex digits
   */
  public static String of(Dataset dataset) {
    return of(Checks.notNull("dataset", dataset).samples());
  }

  /**
   * Hashes a list of samples.
   *
   * @param samples the samples
   * @return {@code "sha256:"} followed by 64 hex digits
   */
  public static String of(List<Sample> samples) {
    Checks.notNull("samples", samples);
    MessageDigest md = sha256();
    samples.stream().sorted(java.util.Comparator.comparing(Sample::id)).forEach(s -> {
      md.update(s.id().getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\t');
      md.update((byte) ('0' + s.label().index()));
      md.update((byte) '\n');
    });
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  /**
   * Hashes text (used for cell fingerprints).
   *
   * @param text the text
   * @return {@code "sha256:"} followed by 64 hex digits
   */
  public static String ofText(String text) {
    MessageDigest md = sha256();
    return "sha256:" + HexFormat.of().formatHex(
        md.digest(Checks.notNull("text", text).getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
