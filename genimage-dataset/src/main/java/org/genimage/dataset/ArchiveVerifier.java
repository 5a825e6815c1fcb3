package org.genimage.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.internal.Checks;

/**
 * Checks the downloaded multi-part zip pieces of the GenImage release ({@code
 * imagenet_ai_0419_sdv4.z01} ... {@code .zip}) against the release's official {@code checksums.csv}
 * ({@code md5Checksum,originalFilename}, quoted): every listed piece must be present under its exact
 * name with its MD5. A piece saved by a browser as {@code name-NNN.ext} (what a download of a shared
 * folder adds) is recognised and reported as needing a rename, since {@code zip -s 0} and {@code 7z}
 * find the parts by their exact names.
 *
 * <p>Pieces are found anywhere below the folder (users keep them in per-generator folders); files
 * that do not look like zip pieces ({@code .zip}, {@code .zNN}) are ignored. MD5s are streamed: no
 * piece is read whole into memory.
 */
public final class ArchiveVerifier {
  private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern PIECE = Pattern.compile("(?i).+\\.(zip|z\\d{2,3})");
  /** A browser's duplicate-download suffix before the extension: {@code name-001.z01}. */
  private static final Pattern SUFFIXED = Pattern.compile("(.+)-(\\d{1,4})(\\.[^.]+)");
  private static final int BUFFER = 1 << 20;

  private ArchiveVerifier() {}

  /** Told how many bytes have been hashed so far, for a progress bar. */
  @FunctionalInterface
  public interface ByteProgress {
    /**
     * Called after each buffer.
     *
     * @param done bytes hashed so far, over all pieces
     * @param total bytes of all pieces to hash
     */
    void onBytes(long done, long total);

    /** Reports nothing. */
    ByteProgress NONE = (done, total) -> {};
  }

  /**
   * A piece whose MD5 differs from the list.
   *
   * @param name the listed piece name
   * @param file the file found for it, relative to the folder ('/'-separated)
   * @param expected the MD5 the list gives (lower-case hex)
   * @param actual the MD5 of the file
   */
  public record Mismatch(String name, String file, String expected, String actual) {}

  /**
   * A listed piece found only under a browser's suffixed name; its MD5 matches.
   *
   * @param name the listed piece name
   * @param file the suffixed file, relative to the folder ('/'-separated)
   */
  public record Suffixed(String name, String file) {}

  /**
   * A zip piece that is not needed.
   *
   * @param file the file, relative to the folder ('/'-separated)
   * @param why "not in the checksum list", or which listed piece it duplicates
   */
  public record Extra(String file, String why) {}

  /**
   * What the check found.
   *
   * @param ok listed pieces present under their exact names with the right MD5, in list order
   * @param missing listed pieces with no file at all, in list order
   * @param wrong pieces whose MD5 differs
   * @param suffixed pieces present only under a browser's suffixed name (right MD5: rename them)
   * @param extra zip pieces not in the list, or second copies of a listed piece
   * @param ignoredFiles files that are not zip pieces
   * @param bytes bytes hashed
   */
  public record Report(List<String> ok, List<String> missing, List<Mismatch> wrong,
      List<Suffixed> suffixed, List<Extra> extra, int ignoredFiles, long bytes) {
    /** Copies the lists. */
    public Report {
      ok = List.copyOf(ok);
      missing = List.copyOf(missing);
      wrong = List.copyOf(wrong);
      suffixed = List.copyOf(suffixed);
      extra = List.copyOf(extra);
    }

    /**
     * Whether every listed piece is present under its exact name with its MD5 and nothing else is
     * there.
     *
     * @return true when nothing is missing, wrong, suffixed or extra
     */
    public boolean allGood() {
      return missing.isEmpty() && wrong.isEmpty() && suffixed.isEmpty() && extra.isEmpty();
    }
  }

  /**
   * Reads the release's checksum list: a header {@code md5Checksum,originalFilename}, then one
   * quoted {@code "md5","name"} row per piece (quotes optional, CRLF and a BOM accepted).
   *
   * @param csv the file
   * @return piece name to lower-case MD5, in file order
   * @throws BadDatasetLayoutException naming the file and line when a row is malformed or a name
   *     repeats with another MD5
   */
  public static Map<String, String> readChecksums(Path csv) {
    Checks.notNull("csv", csv);
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadDatasetLayoutException(csv, "cannot read the checksum list: " + e, e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = n == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1)
          : lines.get(n);
      if (line.isBlank()) {
        continue;
      }
      List<String> f = csvFields(line.strip());
      if (n == 0 && !f.isEmpty() && f.get(0).equalsIgnoreCase("md5Checksum")) {
        continue;
      }
      if (f.size() != 2 || !MD5.matcher(f.get(0)).matches() || f.get(1).isBlank()) {
        throw new BadDatasetLayoutException(csv, "line " + (n + 1)
            + ": expected \"<32 hex digit md5>\",\"<piece name>\", found: " + line.strip());
      }
      String md5 = f.get(0).toLowerCase(Locale.ROOT);
      String old = out.put(f.get(1), md5);
      if (old != null && !old.equals(md5)) {
        throw new BadDatasetLayoutException(csv, "line " + (n + 1) + ": " + f.get(1)
            + " is listed twice with different MD5s");
      }
    }
    if (out.isEmpty()) {
      throw new BadDatasetLayoutException(csv, "no checksum rows");
    }
    return out;
  }

  /** Splits one CSV row; a doubled quote inside quotes is a quote. */
  private static List<String> csvFields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString().strip());
    return out;
  }

  /**
   * The MD5 of a file, streamed through a 1 MiB buffer.
   *
   * @param file the file
   * @param onBytes told the number of bytes read after each buffer (may be null)
   * @return 32 lower-case hex digits
   * @throws BadDatasetLayoutException naming the file when it cannot be read
   */
  public static String md5(Path file, java.util.function.LongConsumer onBytes) {
    Checks.notNull("file", file);
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has MD5", e);
    }
    byte[] buf = new byte[BUFFER];
    long read = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
        read += n;
        if (onBytes != null) {
          onBytes.accept(read);
        }
      }
    } catch (IOException e) {
      throw new BadDatasetLayoutException(file, "cannot read for MD5: " + e, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * Checks the pieces below a folder against a checksum list.
   *
   * @param dir the folder holding the downloaded pieces (searched recursively)
   * @param expected piece name to MD5, as {@link #readChecksums} returns
   * @param progress told the bytes hashed so far
   * @return what was found
   * @throws BadDatasetLayoutException naming the folder when it is missing or cannot be listed
   * @throws BadDatasetLayoutException naming a piece that cannot be read
   */
  public static Report verify(Path dir, Map<String, String> expected, ByteProgress progress) {
    Checks.notNull("dir", dir);
    Checks.notNull("expected", expected);
    ByteProgress listener = progress == null ? ByteProgress.NONE : progress;
    if (!Files.isDirectory(dir)) {
      throw new BadDatasetLayoutException(dir, "not a folder (missing or not a directory)");
    }
    // name -> relative paths of the files carrying that exact name, and of suffixed copies
    Map<String, List<String>> exact = new TreeMap<>();
    Map<String, List<String>> suffixed = new TreeMap<>();
    List<Extra> extra = new ArrayList<>();
    int ignored = 0;
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (Path p : listFiles(dir)) {
      String rel = dir.relativize(p).toString().replace('\\', '/');
      String name = p.getFileName().toString();
      if (expected.containsKey(name)) {
        exact.computeIfAbsent(name, k -> new ArrayList<>()).add(rel);
        continue;
      }
      Matcher m = SUFFIXED.matcher(name);
      String base = m.matches() ? m.group(1) + m.group(3) : null;
      if (base != null && expected.containsKey(base)) {
        suffixed.computeIfAbsent(base, k -> new ArrayList<>()).add(rel);
      } else if (PIECE.matcher(name).matches()) {
        extra.add(new Extra(rel, "not in the checksum list"));
      } else {
        ignored++;
      }
    }
    // Which file stands for each listed piece: the exact name first, else the first suffixed copy;
    // every other copy is extra.
    Map<String, String> chosen = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String name : expected.keySet()) {
      List<String> candidates = new ArrayList<>(exact.getOrDefault(name, List.of()));
      candidates.addAll(suffixed.getOrDefault(name, List.of()));
      if (candidates.isEmpty()) {
        missing.add(name);
        continue;
      }
      chosen.put(name, candidates.get(0));
      for (String other : candidates.subList(1, candidates.size())) {
        extra.add(new Extra(other, "second copy of " + name));
      }
    }
    long total = 0;
    for (String rel : chosen.values()) {
      long size = size(dir.resolve(rel));
      sizes.put(rel, size);
      total += size;
    }
    List<String> ok = new ArrayList<>();
    List<Mismatch> wrong = new ArrayList<>();
    List<Suffixed> renamed = new ArrayList<>();
    long before = 0;
    listener.onBytes(0, total);
    for (Map.Entry<String, String> e : chosen.entrySet()) {
      String name = e.getKey();
      String rel = e.getValue();
      final long base = before;
      final long all = total;
      String actual = md5(dir.resolve(rel), read -> listener.onBytes(base + read, all));
      before += sizes.get(rel);
      String want = expected.get(name);
      boolean exactName = dir.resolve(rel).getFileName().toString().equals(name);
      if (!actual.equals(want)) {
        wrong.add(new Mismatch(name, rel, want, actual));
      } else if (exactName) {
        ok.add(name);
      } else {
        renamed.add(new Suffixed(name, rel));
      }
    }
    listener.onBytes(total, total);
    extra.sort((a, b) -> a.file().compareTo(b.file()));
    return new Report(ok, missing, wrong, renamed, extra, ignored, total);
  }

  private static List<Path> listFiles(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new BadDatasetLayoutException(dir, "cannot list the folder: " + e, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new BadDatasetLayoutException(file, "cannot read the size: " + e, e);
    }
  }
}
