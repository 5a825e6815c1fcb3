package org.genimage.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadImageException;
import org.genimage.api.Checks;
import org.genimage.api.GenImageException;

/**
 * The verify/ingest step for a downloaded collection: decode-checks every file of an index in
 * parallel, records zero-byte, unreadable, undecodable, too-large and misnamed files, counts files
 * per (generator, split, label) against expected counts, and computes each good file's SHA-256.
 *
 * <p>It is resumable: every result is appended to a progress file as it is known, and a later run
 * with the same progress file checks only the files not yet listed. The report writes an exclusion
 * list (ids of files that must not be loaded) and a checksum file; later loads honour them with
 * {@link DatasetIndex#excluding} + {@link #readExclusions} and {@link Checksums#verifying}.
 */
public final class Verifier {
  private final int threads;
  private final ImageDecoder decoder;
  private final Path progressFile;
  private final Map<String, Long> expected;

  private Verifier(Builder b) {
    this.threads = b.threads;
    this.decoder = b.decoder;
    this.progressFile = b.progressFile;
    this.expected = Map.copyOf(b.expected);
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
   * @param checksums SHA-256 per id of every decodable file
   */
  public record Report(int checked, int resumed, List<Problem> problems, Map<String, Long> counts,
      List<String> countMismatches, Map<String, String> checksums) {
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
    }

    /**
     * Writes the exclusion list: the ids of zero-byte, unreadable, undecodable and too-large files,
     * one a line (misnamed files decode and are not excluded).
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
   * @param index the index
   * @return the report
   * @throws BadDatasetLayoutException if the progress file cannot be read or written
   */
  public Report verify(DatasetIndex index) {
    Checks.notNull("index", index);
    Map<String, String[]> done = readProgress();
    int resumed = 0;
    List<Integer> todo = new ArrayList<>();
    for (int i = 0; i < index.size(); i++) {
      if (done.containsKey(index.id(i))) {
        resumed++;
      } else {
        todo.add(i);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "genimage-verify");
      t.setDaemon(true);
      return t;
    });
    try (BufferedWriter progress = progressFile == null ? null : Files.newBufferedWriter(
        progressFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      List<Future<String[]>> futures = new ArrayList<>(todo.size());
      for (int i : todo) {
        futures.add(pool.submit(() -> check(index, i)));
      }
      for (Future<String[]> f : futures) {
        String[] rec = f.get();
        done.put(rec[2], rec);
        if (progress != null) {
          synchronized (progress) {
            progress.write(String.join("\t", rec).replace('\n', ' '));
            progress.write('\n');
          }
        }
      }
    } catch (IOException e) {
      throw new BadDatasetLayoutException(progressFile, "cannot write the progress file", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GenImageException("verification interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new GenImageException("verification task failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    List<Problem> problems = new ArrayList<>();
    Map<String, String> sums = new HashMap<>();
    Map<String, Long> counts = new TreeMap<>();
    for (int i = 0; i < index.size(); i++) {
      String id = index.id(i);
      counts.merge(countKey(index, i), 1L, Long::sum);
      String[] rec = done.get(id);
      if (rec[0].equals("OK")) {
        sums.put(id, rec[1]);
      } else if (rec[0].equals("MISNAMED")) {
        sums.put(id, rec[1]);
        problems.add(new Problem(index.root().resolve(id), Problem.Kind.MISNAMED, rec[3]));
      } else {
        problems.add(new Problem(index.root().resolve(id), Problem.Kind.valueOf(rec[1]), rec[3]));
      }
    }
    List<String> mismatches = new ArrayList<>();
    new TreeMap<>(expected).forEach((key, want) -> {
      long have = counts.getOrDefault(key, 0L);
      if (have != want) {
        mismatches.add(key + ": found " + have + ", expected " + want);
      }
    });
    return new Report(todo.size(), resumed, problems, counts, mismatches, sums);
  }

  /** One result: {status, sha-or-kind, id, detail}. */
  private String[] check(DatasetIndex index, int i) {
    String id = index.id(i);
    Path file = index.root().resolve(id);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException | OutOfMemoryError e) {
      return new String[] {"BAD", Problem.Kind.UNREADABLE.name(), id, "cannot read: " + e};
    }
    if (bytes.length == 0) {
      return new String[] {"BAD", Problem.Kind.ZERO_BYTES.name(), id, "zero-byte file"};
    }
    try {
      decoder.decode(bytes, file);
    } catch (BadImageException e) {
      Problem.Kind kind = e.problem().contains("exceeds the limit") ? Problem.Kind.TOO_LARGE
          : Problem.Kind.UNDECODABLE;
      return new String[] {"BAD", kind.name(), id, e.problem()};
    }
    String sha = Checksums.sha256(bytes);
    String content = sniff(bytes);
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

  private Map<String, String[]> readProgress() {
    Map<String, String[]> out = new HashMap<>();
    if (progressFile == null || !Files.exists(progressFile)) {
      return out;
    }
    try {
      for (String l : Files.readAllLines(progressFile, StandardCharsets.UTF_8)) {
        String[] rec = l.split("\t", -1);
        // A line cut short by a killed run is simply checked again.
        if (rec.length == 4) {
          out.put(rec[2], rec);
        }
      }
    } catch (IOException e) {
      throw new BadDatasetLayoutException(progressFile, "cannot read the progress file", e);
    }
    return out;
  }

  /** Options of a {@link Verifier}. */
  public static final class Builder {
    private int threads = 2;
    private ImageDecoder decoder = ImageDecoder.standard();
    private Path progressFile;
    private final Map<String, Long> expected = new HashMap<>();

    private Builder() {}

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
     * The progress file that makes the run resumable.
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
