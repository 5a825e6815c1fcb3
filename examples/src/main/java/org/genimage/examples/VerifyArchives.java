package org.genimage.examples;

import java.nio.file.Path;
import org.genimage.api.internal.Checks;
import org.genimage.dataset.ArchiveVerifier;

/**
 * Checks downloaded GenImage zip pieces against the release's {@code checksums.csv} ({@link
 * ArchiveVerifier}), with a progress bar over the bytes hashed.
 *
 * <pre>{@code
 * ArchiveVerifier.Report r = VerifyArchives.run(Path.of("downloads"),
 *     Path.of("GenImage/data/checksums.csv"), Progress.NONE);
 * }</pre>
 */
public final class VerifyArchives {
  private VerifyArchives() {}

  /**
   * Runs the check.
   *
   * @param dir the folder holding the pieces (searched recursively)
   * @param checksums the release's checksum list
   * @param progress told the bytes hashed
   * @return what was found
   */
  public static ArchiveVerifier.Report run(Path dir, Path checksums, Progress progress) {
    Checks.notNull("progress", progress);
    var expected = ArchiveVerifier.readChecksums(Checks.notNull("checksums", checksums));
    progress.message("hashing the pieces of " + expected.size() + " listed in " + checksums);
    long mib = 1 << 20;
    boolean[] started = {false};
    ArchiveVerifier.Report r = ArchiveVerifier.verify(dir, expected, (done, total) -> {
      if (!started[0]) {
        progress.startTask("md5 (MiB)", Math.max(1, total / mib));
        started[0] = true;
      }
      progress.step(done / mib);
    });
    progress.endTask();
    return r;
  }
}
