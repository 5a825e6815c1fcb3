package org.genimage.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadImageException;
import org.genimage.api.GenImageException;
import org.genimage.api.ReadLimits;
import org.genimage.api.internal.Checks;

/**
 * The verify/ingest step for a downloaded collection: decode-checks every file of an index in
 * parallel, records zero-byte, unreadable, undecodable, too-large and misnamed files, counts files
 * per (generator, split, label) against expected counts, and computes each good file's SHA-256.
 *
 * <p>It is resumable: every result is appended to a progress file as it is known, and a later run
 * with the same progress file checks only the files not yet listed. Each line read back is
 * validated (its length, fields, status and id, see {@link Builder#progressFile}); a line cut short,
 * corrupt or edited into a form this class never writes is ignored and its file checked again, never
 * a crash and never a file reported sound without a check. A well-formed line is trusted as written.
 *
 * <p>Files are read streamed, never whole: each file's length and then its header are checked
 * against the decoder's limits ({@link ImageDecoder#maxBytes()}, {@link ImageDecoder#maxPixels()})
 * before any pixel is decoded. Only a {@link BadImageException} is a finding about a file; other
 * failures (out of memory, a bug) propagate and fail the run. The report writes an exclusion
 * list (ids of files that must not be loaded) and a checksum file; later loads honour them with
 * {@link DatasetIndex#excluding} + {@link #readExclusions} and {@link Checksums#verifying}.
 *
 * <p>{@link Check#STRUCTURE} replaces the full decode by a look at each file's first and last bytes,
 * fast enough for the whole release; {@link KnownDefects} turn the release's official defect lists
 * into exclusions reported apart from the problems; {@link ReleaseReport} compares the counts with
 * the paper's.
 *
 * <p>This class runs the batches; the checks are {@code FileCheck}'s, the progress file
 * {@code ProgressFile}'s and the report's assembly {@code VerifyReport}'s.
 */
public final class Verifier {
  private final int threads;
  private final FileCheck check;
  private final ProgressFile progressFile;
  private final Map<String, Long> expected;
  private final KnownDefects knownDefects;
  private final FileProgress listener;
  private final int batch;

  private Verifier(Builder b) {
    this.threads = b.threads;
    this.check = new FileCheck(b.decoder, b.depth);
    this.progressFile = new ProgressFile(b.progressFile, b.depth);
    this.expected = Map.copyOf(b.expected);
    this.knownDefects = b.knownDefects;
    this.listener = b.listener;
    this.batch = b.batch;
  }

  /** How deeply each file is checked. */
  public enum Check {
    /**
     * Decode every file and compute its SHA-256: finds every undecodable file, at the cost of a
     * full decode (hours for the whole release).
     */
    DECODE,
    /**
     * Read each file's first and last bytes: the format signature and the end marker (PNG
     * {@code IEND}, JPEG {@code EOI}) must be there, which finds zero-byte, truncated and misnamed
     * files in a few microseconds each; a file that fails is then fully decoded to confirm. No
     * SHA-256 is computed.
     */
    STRUCTURE
  }

  /** Told how many files are done, for a progress bar; may throw to stop the run. */
  @FunctionalInterface
  public interface FileProgress {
    /**
     * Called after each batch of files; the results so far are already in the progress file.
     *
     * @param done files done, including those resumed from the progress file
     * @param total files in the index
     */
    void onFiles(int done, int total);

    /** Reports nothing. */
    FileProgress NONE = (done, total) -> {};
  }

  /**
   * A file one of the release's official defect lists names: excluded, and not counted as damage.
   *
   * @param path the file
   * @param lists the lists naming it
   * @param found what the check found ("zero-byte file", "undecodable: ...", or "reads" when the
   *     file checks as sound)
   */
  public record KnownDefect(Path path, List<String> lists, String found) {
    /** Copies the list. */
    public KnownDefect {
      Checks.notNull("path", path);
      lists = List.copyOf(lists);
      Checks.notNull("found", found);
    }
  }

  /**
   * A builder: 2 threads, the standard decoder, no progress file, no expected counts.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The expected counts the facts sheet gives for the GenImage release, keyed
   * {@code <generator id>/<split>/<real|fake>}: SD V1.4 train 162,000 + 162,000 and val 6,000 +
   * 6,000; SD V1.5 val 8,000 + 8,000. Counts of the other subsets are not published there.
   *
   * @return an immutable map
   */
  public static Map<String, Long> genImageExpectedCounts() {
    return Map.of("sd14/train/fake", 162_000L, "sd14/train/real", 162_000L,
        "sd14/val/fake", 6_000L, "sd14/val/real", 6_000L,
        "sd15/val/fake", 8_000L, "sd15/val/real", 8_000L);
  }

  /**
   * The count key of an index entry.
   *
   * @param index the index
   * @param i the entry
   * @return {@code <generator id>/<split or "none">/<real|fake>}
   */
  public static String countKey(DatasetIndex index, int i) {
    Split s = index.split(i);
    return index.generator(i).id() + "/" + (s == null ? "none" : s.folder()) + "/"
        + index.label(i).name().toLowerCase(Locale.ROOT);
  }

  /**
   * What a verification found.
   *
   * @param checked files checked in this run
   * @param resumed files whose result came from the progress file
   * @param problems every bad file (including those from the progress file), in index order
   * @param counts files per count key (see {@link #countKey})
   * @param countMismatches one line per expected count that differs from the found count
   * @param checksums SHA-256 per id of every decodable file (none under {@link Check#STRUCTURE})
   * @param knownDefects files the official defect lists name, whatever the check found (they are
   *     not in {@code problems})
   */
  public record Report(int checked, int resumed, List<Problem> problems, Map<String, Long> counts,
      List<String> countMismatches, Map<String, String> checksums,
      List<KnownDefect> knownDefects) {
    /**
     * Copies the collections.
     *
     * @throws org.genimage.api.BadArgumentException if a component is null
     */
    public Report {
      problems = List.copyOf(problems);
      counts = Map.copyOf(counts);
      countMismatches = List.copyOf(countMismatches);
      checksums = Map.copyOf(checksums);
      knownDefects = List.copyOf(knownDefects);
    }

    /**
     * Writes the exclusion list: the ids of zero-byte, unreadable, undecodable and too-large files
     * and of the files the official defect lists name, one a line (misnamed files decode and are
     * not excluded).
     *
     * @param root the index root the problem paths are relative to
     * @param file the list to write
     */
    public void writeExclusions(Path root, Path file) {
      StringBuilder sb = new StringBuilder();
      for (Problem p : problems) {
        if (p.kind() != Problem.Kind.MISNAMED) {
          sb.append(root.relativize(p.path()).toString().replace('\\', '/')).append('\n');
        }
      }
      for (KnownDefect k : knownDefects) {
        sb.append(root.relativize(k.path()).toString().replace('\\', '/')).append('\n');
      }
      try {
        Files.writeString(file, sb, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new BadDatasetLayoutException(file, "cannot write the exclusion list", e);
      }
    }

    /**
     * Writes the checksum file ({@code sha256sum} format), sorted by id.
     *
     * @param file the file to write
     */
    public void writeChecksums(Path file) {
      StringBuilder sb = new StringBuilder();
      new TreeMap<>(checksums).forEach((id, sha) -> sb.append(sha).append("  ").append(id)
          .append('\n'));
      try {
        Files.writeString(file, sb, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new BadDatasetLayoutException(file, "cannot write the checksum file", e);
      }
    }
  }

  /**
   * Reads an exclusion list.
   *
   * @param file the list
   * @return the excluded ids
   */
  public static Set<String> readExclusions(Path file) {
    try {
      Set<String> out = new HashSet<>();
      for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!l.isBlank()) {
          out.add(l.strip());
        }
      }
      return out;
    } catch (IOException e) {
      throw new BadDatasetLayoutException(file, "cannot read the exclusion list", e);
    }
  }

  /**
   * Verifies every entry of an index.
   *
   * <p>Files are checked in batches; each batch's results are appended to the progress file (and
   * flushed) before the {@link FileProgress} hears of it, so a run stopped at any point, by an
   * exception from the listener, an interrupt or a kill, resumes after the last batch written.
   *
   * @param index the index
   * @return the report
   * @throws BadDatasetLayoutException if the progress file cannot be read or written
   */
  public Report verify(DatasetIndex index) {
    Checks.notNull("index", index);
    Map<String, String[]> done = progressFile.read();
    int resumed = 0;
    List<Integer> todo = new ArrayList<>();
    for (int i = 0; i < index.size(); i++) {
      if (done.containsKey(index.id(i))) {
        resumed++;
      } else {
        todo.add(i);
      }
    }
    int total = index.size();
    listener.onFiles(resumed, total);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "genimage-verify");
      t.setDaemon(true);
      return t;
    });
    try (ProgressFile.Appender progress = progressFile.append()) {
      int finished = resumed;
      for (int from = 0; from < todo.size(); from += batch) {
        int to = Math.min(todo.size(), from + batch);
        String[][] recs = new String[to - from][];
        List<Callable<Void>> parts = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
          final int first = from + t;
          final int start = from;
          final int end = to;
          parts.add(() -> {
            for (int k = first; k < end; k += threads) {
              recs[k - start] = check.check(index, todo.get(k));
            }
            return null;
          });
        }
        for (Future<Void> f : pool.invokeAll(parts)) {
          f.get();
        }
        for (String[] rec : recs) {
          done.put(rec[2], rec);
        }
        progress.write(recs);
        finished += recs.length;
        listener.onFiles(finished, total);
      }
    } catch (IOException e) {
      throw new BadDatasetLayoutException(progressFile.path(), "cannot write the progress file", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GenImageException("verification interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new GenImageException("verification task failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return VerifyReport.assemble(index, done, todo.size(), resumed, knownDefects, expected);
  }

  /** Options of a {@link Verifier}. */
  public static final class Builder {
    private int threads = 2;
    private ImageDecoder decoder = ImageDecoder.standard();
    private Path progressFile;
    private final Map<String, Long> expected = new HashMap<>();
    private Check depth = Check.DECODE;
    private KnownDefects knownDefects = KnownDefects.none();
    private FileProgress listener = FileProgress.NONE;
    private int batch = 2048;

    private Builder() {}

    /**
     * Files per batch: results are written to the progress file, and reported, once per batch.
     *
     * @param value 1..1,000,000 (default 2048)
     * @return this builder
     */
    public Builder batchSize(int value) {
      this.batch = Checks.inRange("batchSize", value, 1, 1_000_000);
      return this;
    }

    /**
     * How deeply each file is checked.
     *
     * @param value the depth (default {@link Check#DECODE})
     * @return this builder
     */
    public Builder check(Check value) {
      this.depth = Checks.notNull("check", value);
      return this;
    }

    /**
     * The release's official defect lists: the files they name are reported as known defects and
     * excluded, not as problems.
     *
     * @param value the lists (default none)
     * @return this builder
     */
    public Builder knownDefects(KnownDefects value) {
      this.knownDefects = Checks.notNull("knownDefects", value);
      return this;
    }

    /**
     * Told the number of files done after each batch.
     *
     * @param value the listener (default none)
     * @return this builder
     */
    public Builder progress(FileProgress value) {
      this.listener = Checks.notNull("progress", value);
      return this;
    }

    /**
     * The number of threads.
     *
     * @param value 1..256 (default 2)
     * @return this builder
     */
    public Builder threads(int value) {
      this.threads = Checks.inRange("threads", value, 1, 256);
      return this;
    }

    /**
     * The decoder (and so the pixel limit) to check with.
     *
     * @param value the decoder
     * @return this builder
     */
    public Builder decoder(ImageDecoder value) {
      this.decoder = Checks.notNull("decoder", value);
      return this;
    }

    /**
     * The progress file that makes the run resumable. On resume each line is validated: at most
     * {@link ReadLimits#MAX_LINE_CHARS} characters, four tab-separated fields, status {@code OK},
     * {@code MISNAMED} (with a SHA-256, or {@code -} after a {@link Check#STRUCTURE} check) or
     * {@code BAD} (with a problem kind and a detail), and an id of the index being verified; a line
     * that fails is ignored and its file checked again.
     *
     * @param value the file (appended to; created if missing)
     * @return this builder
     */
    public Builder progressFile(Path value) {
      this.progressFile = Checks.notNull("progressFile", value);
      return this;
    }

    /**
     * Expected counts per count key ({@code <generator id>/<split>/<real|fake>}).
     *
     * @param value the counts, e.g. {@link #genImageExpectedCounts()}
     * @return this builder
     */
    public Builder expectedCounts(Map<String, Long> value) {
      expected.putAll(Checks.notNull("expectedCounts", value));
      return this;
    }

    /**
     * Makes the verifier.
     *
     * @return the verifier
     */
    public Verifier build() {
      return new Verifier(this);
    }
  }

}
