package org.genimage.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Generator;
import org.genimage.api.internal.Checks;
import org.genimage.dataset.Checksums;
import org.genimage.dataset.DatasetIndex;
import org.genimage.dataset.KnownDefects;
import org.genimage.dataset.ReleaseReport;
import org.genimage.dataset.TreeScanner;
import org.genimage.dataset.Verifier;

/**
 * Verifies a downloaded, unpacked GenImage release: scans the tree, checks every file (resumably,
 * through a progress file), applies the official defect lists as exclusions and compares the
 * counts with the paper's ({@link ReleaseReport}).
 *
 * <pre>{@code
 * VerifyRelease.Result r = VerifyRelease.run(new VerifyRelease.Options(Path.of("genimage"),
 *     Path.of("GenImage/data"), null, false, false, Generator.genImage(), 2), Progress.NONE);
 * System.out.println(r.report().complete() ? "complete" : r.report().problems());
 * }</pre>
 */
public final class VerifyRelease {
  private VerifyRelease() {}

  /**
   * What to verify and how.
   *
   * @param root the unpacked release (or one subset of it)
   * @param lists the folder holding the official {@code corrupted_files/} and
   *     {@code improper_png_header/} lists, or null
   * @param progressFile where results are kept so a stopped run resumes, or null for the default
   *     ({@link #defaultProgressFile})
   * @param fresh whether to discard earlier results and check every file again
   * @param decode whether to decode every file (hours for the release) instead of the structure check
   * @param subsets the subsets the tree should hold
   * @param threads checking threads
   */
  public record Options(Path root, Path lists, Path progressFile, boolean fresh, boolean decode,
      List<Generator> subsets, int threads) {
    /** Validates. */
    public Options {
      Checks.notNull("root", root);
      subsets = List.copyOf(Checks.notNull("subsets", subsets));
      Checks.inRange("threads", threads, 1, 256);
    }
  }

  /**
   * What was found.
   *
   * @param index the scanned tree
   * @param verification the per-file results
   * @param report the comparison with the paper
   * @param progressFile the progress file used (kept: a second run only re-reads it)
   * @param scanSeconds seconds the scan took
   * @param verifySeconds seconds the verification and the report took
   */
  public record Result(DatasetIndex index, Verifier.Report verification, ReleaseReport report,
      Path progressFile, double scanSeconds, double verifySeconds) {}

  /**
   * The default progress file of a root: {@code genimage-out/verify/<folder name>-<hash of its
   * absolute path>.tsv}, so two trees never share one.
   *
   * @param root the tree
   * @return the path
   */
  public static Path defaultProgressFile(Path root) {
    Path abs = root.toAbsolutePath().normalize();
    String name = abs.getFileName() == null ? "root" : abs.getFileName().toString();
    String hash = Checksums.sha256(abs.toString().getBytes(StandardCharsets.UTF_8));
    return Path.of("genimage-out", "verify", name + "-" + hash.substring(0, 12) + ".tsv");
  }

  /**
   * Runs the verification.
   *
   * @param o the options
   * @param progress told of the scan and of each batch of files
   * @return the result
   * @throws BadDatasetLayoutException naming the root when it has no release layout, or the list
   *     folder when its lists are malformed
   */
  public static Result run(Options o, Progress progress) {
    Checks.notNull("progress", progress);
    KnownDefects lists = o.lists() == null ? KnownDefects.none() : KnownDefects.read(o.lists());
    Path progressFile = o.progressFile() != null ? o.progressFile()
        : defaultProgressFile(o.root());
    try {
      if (progressFile.getParent() != null) {
        Files.createDirectories(progressFile.getParent());
      }
      if (o.fresh()) {
        Files.deleteIfExists(progressFile);
      }
    } catch (IOException e) {
      throw new BadDatasetLayoutException(progressFile, "cannot prepare the progress file: " + e,
          e);
    }
    progress.message("scanning " + o.root());
    long t0 = System.nanoTime();
    DatasetIndex index = TreeScanner.builder().build().scan(o.root()).index();
    long t1 = System.nanoTime();
    progress.message("checking " + index.size() + " files (results kept in " + progressFile + ")");
    boolean[] started = {false};
    Verifier.Report v = Verifier.builder().threads(o.threads())
        .check(o.decode() ? Verifier.Check.DECODE : Verifier.Check.STRUCTURE)
        .knownDefects(lists).progressFile(progressFile)
        .expectedCounts(Verifier.genImageExpectedCounts())
        .progress((done, total) -> {
          if (!started[0]) {
            progress.startTask("verify", total);
            started[0] = true;
          }
          progress.step(done);
        }).build().verify(index);
    progress.endTask();
    ReleaseReport report = ReleaseReport.of(index, v, lists, o.subsets());
    long t2 = System.nanoTime();
    return new Result(index, v, report, progressFile, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }
}
