package org.genimage.dataset;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadImageException;
import org.genimage.api.Checks;
import org.genimage.api.Generator;
import org.genimage.api.GenImageException;
import org.genimage.api.ReadLimits;

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
 */
public final class Verifier {
  private static final int HEAD = 16;
  private static final int TAIL = 64;
  /** The IEND chunk's type and CRC, which end every PNG. */
  private static final byte[] PNG_END = {'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
  /** JPEG's end-of-image marker (only a marker can hold 0xFF 0xD9: scan data stuffs 0xFF). */
  private static final byte[] JPEG_END = {(byte) 0xFF, (byte) 0xD9};
  /** The problem kinds a check records, and so the only ones a progress line may hold. */
  private static final Set<String> BAD_KINDS = Set.of(Problem.Kind.ZERO_BYTES.name(),
      Problem.Kind.UNREADABLE.name(), Problem.Kind.UNDECODABLE.name(),
      Problem.Kind.TOO_LARGE.name());

  private final int threads;
  private final ImageDecoder decoder;
  private final Path progressFile;
  private final Map<String, Long> expected;
  private final Check depth;
  private final KnownDefects knownDefects;
  private final FileProgress listener;
  private final int batch;

  private Verifier(Builder b) {
    this.threads = b.threads;
    this.decoder = b.decoder;
    this.progressFile = b.progressFile;
    this.expected = Map.copyOf(b.expected);
    this.depth = b.depth;
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
    int total = index.size();
    listener.onFiles(resumed, total);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "genimage-verify");
      t.setDaemon(true);
      return t;
    });
    try (BufferedWriter progress = progressFile == null ? null : Files.newBufferedWriter(
        progressFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
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
              recs[k - start] = check(index, todo.get(k));
            }
            return null;
          });
        }
        for (Future<Void> f : pool.invokeAll(parts)) {
          f.get();
        }
        for (String[] rec : recs) {
          done.put(rec[2], rec);
          if (progress != null) {
            progress.write(String.join("\t", rec).replace('\n', ' '));
            progress.write('\n');
          }
        }
        if (progress != null) {
          progress.flush();
        }
        finished += recs.length;
        listener.onFiles(finished, total);
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
    List<KnownDefect> known = new ArrayList<>();
    Map<String, String> sums = new HashMap<>();
    Map<String, Long> counts = new TreeMap<>();
    // Counted per (generator, split, label) slot; the key string is built once per slot.
    List<Generator> gens = index.generators();
    long[] slotCount = new long[gens.size() * 8];
    int[] slotEntry = new int[slotCount.length];
    for (int i = 0; i < index.size(); i++) {
      String id = index.id(i);
      Split split = index.split(i);
      int slot = gens.indexOf(index.generator(i)) * 8
          + (split == null ? 3 : split.ordinal()) * 2 + index.label(i).index();
      slotCount[slot]++;
      slotEntry[slot] = i;
      String[] rec = done.get(id);
      boolean sound = rec[0].equals("OK") || rec[0].equals("MISNAMED");
      if (sound && isSha(rec[1])) {
        sums.put(id, rec[1]);
      }
      Optional<KnownDefects.Entry> listed = knownDefects.find(index, i);
      if (listed.isPresent()) {
        known.add(new KnownDefect(index.root().resolve(id), listed.get().lists(),
            sound ? "reads" : rec[3]));
      } else if (rec[0].equals("MISNAMED")) {
        problems.add(new Problem(index.root().resolve(id), Problem.Kind.MISNAMED, rec[3]));
      } else if (!sound) {
        problems.add(new Problem(index.root().resolve(id), Problem.Kind.valueOf(rec[1]), rec[3]));
      }
    }
    for (int slot = 0; slot < slotCount.length; slot++) {
      if (slotCount[slot] > 0) {
        counts.put(countKey(index, slotEntry[slot]), slotCount[slot]);
      }
    }
    List<String> mismatches = new ArrayList<>();
    new TreeMap<>(expected).forEach((key, want) -> {
      long have = counts.getOrDefault(key, 0L);
      if (have != want) {
        mismatches.add(key + ": found " + have + ", expected " + want);
      }
    });
    return new Report(todo.size(), resumed, problems, counts, mismatches, sums, known);
  }

  private static boolean isSha(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** One result: {status, sha-or-kind-or-"-", id, detail}. */
  private String[] check(DatasetIndex index, int i) {
    String id = index.id(i);
    Path file = index.root().resolve(id);
    return depth == Check.STRUCTURE ? checkStructure(id, file) : decodeCheck(id, file);
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

  /**
   * The results a progress file holds for files of this index. A line is taken only when it is
   * one this class writes: at most {@link ReadLimits#MAX_LINE_CHARS} characters, four tab-separated
   * fields, a known status with a matching second field (a SHA-256 or {@code -} for {@code OK} and
   * {@code MISNAMED}, a problem kind for {@code BAD}). Any other line (cut short by a killed run,
   * corrupt, or edited by hand) is ignored, so its file is checked again. Only ids of the index
   * are ever looked up in the result, so a line naming a file outside it is never used.
   */
  private Map<String, String[]> readProgress() {
    Map<String, String[]> out = new HashMap<>();
    if (progressFile == null || !Files.exists(progressFile)) {
      return out;
    }
    try (BufferedReader in = Files.newBufferedReader(progressFile, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      boolean tooLong = false;
      for (int c = in.read(); ; c = in.read()) {
        if (c == '\n' || c < 0) {
          if (!tooLong && line.length() > 0) {
            String[] rec = line.toString().split("\t", -1);
            if (valid(rec)) {
              out.put(rec[2], rec);
            }
          }
          line.setLength(0);
          tooLong = false;
          if (c < 0) {
            break;
          }
        } else if (line.length() < ReadLimits.MAX_LINE_CHARS) {
          line.append((char) c);
        } else {
          tooLong = true;
        }
      }
    } catch (IOException e) {
      // Malformed UTF-8 included: the progress file is ours to read, not to guess at.
      throw new BadDatasetLayoutException(progressFile, "cannot read the progress file", e);
    }
    return out;
  }

  private boolean valid(String[] rec) {
    if (rec.length != 4 || rec[2].isEmpty() || rec[2].length() > ReadLimits.MAX_PATH_CHARS) {
      return false;
    }
    return switch (rec[0]) {
      // A file a STRUCTURE run passed ("-") is decoded again by a DECODE run.
      case "OK", "MISNAMED" -> rec[1].equals("-") ? depth == Check.STRUCTURE : isSha(rec[1]);
      case "BAD" -> BAD_KINDS.contains(rec[1]) && !rec[3].isEmpty();
      default -> false;
    };
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
