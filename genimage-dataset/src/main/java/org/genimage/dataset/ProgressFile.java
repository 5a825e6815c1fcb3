package org.genimage.dataset;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.ReadLimits;

/**
 * The file that makes a {@link Verifier} run resumable: one line per checked file, four
 * tab-separated fields {status, SHA-256 or problem kind or "-", id, detail}, appended batch by batch
 * and read back, line by line validated, on the next run. No file at all (a null path) keeps nothing
 * and resumes nothing.
 */
final class ProgressFile {
  /** The problem kinds a check records, and so the only ones a progress line may hold. */
  private static final Set<String> BAD_KINDS = Set.of(Problem.Kind.ZERO_BYTES.name(),
      Problem.Kind.UNREADABLE.name(), Problem.Kind.UNDECODABLE.name(),
      Problem.Kind.TOO_LARGE.name());

  private final Path file;
  private final Verifier.Check depth;

  /**
   * A progress file.
   *
   * @param file the file, or null for none
   * @param depth the check of this run: a line a shallower run wrote is not trusted by a deeper one
   */
  ProgressFile(Path file, Verifier.Check depth) {
    this.file = file;
    this.depth = depth;
  }

  /** The file, or null; for error messages. */
  Path path() {
    return file;
  }

  /**
   * The results a progress file holds for files of this index. A line is taken only when it is
   * one this class writes: at most {@link ReadLimits#MAX_LINE_CHARS} characters, four tab-separated
   * fields, a known status with a matching second field (a SHA-256 or {@code -} for {@code OK} and
   * {@code MISNAMED}, a problem kind for {@code BAD}). Any other line (cut short by a killed run,
   * corrupt, or edited by hand) is ignored, so its file is checked again. Only ids of the index
   * are ever looked up in the result, so a line naming a file outside it is never used.
   */
  Map<String, String[]> read() {
    Map<String, String[]> out = new HashMap<>();
    if (file == null || !Files.exists(file)) {
      return out;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
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
      throw new BadDatasetLayoutException(file, "cannot read the progress file", e);
    }
    return out;
  }

  private boolean valid(String[] rec) {
    if (rec.length != 4 || rec[2].isEmpty() || rec[2].length() > ReadLimits.MAX_PATH_CHARS) {
      return false;
    }
    return switch (rec[0]) {
      // A file a STRUCTURE run passed ("-") is decoded again by a DECODE run.
      case "OK", "MISNAMED" -> rec[1].equals("-") ? depth == Verifier.Check.STRUCTURE : isSha(rec[1]);
      case "BAD" -> BAD_KINDS.contains(rec[1]) && !rec[3].isEmpty();
      default -> false;
    };
  }

  /**
   * Opens the file for appending (created if missing).
   *
   * @return the appender; one that writes nothing when there is no file
   * @throws IOException if the file cannot be opened
   */
  Appender append() throws IOException {
    return new Appender(file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND));
  }

  /** Appends batches of records, each flushed as a whole. */
  static final class Appender implements Closeable {
    private final BufferedWriter out;

    private Appender(BufferedWriter out) {
      this.out = out;
    }

    /**
     * Writes one batch and flushes it, so a run killed later resumes after it.
     *
     * @param records the batch's records
     * @throws IOException if it cannot be written
     */
    void write(String[][] records) throws IOException {
      if (out == null) {
        return;
      }
      for (String[] rec : records) {
        out.write(String.join("\t", rec).replace('\n', ' '));
        out.write('\n');
      }
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (out != null) {
        out.close();
      }
    }
  }

  /**
   * Whether a field is a SHA-256 as this class writes it: 64 lower-case hex digits.
   *
   * @param s the field
   * @return true for a SHA-256
   */
  static boolean isSha(String s) {
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
}
