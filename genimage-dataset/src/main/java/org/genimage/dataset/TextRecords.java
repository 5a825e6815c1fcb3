package org.genimage.dataset;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.genimage.api.BadDatasetLayoutException;

/**
 * Reads a text file record by record with a bound on each record's length, so a file without line
 * breaks cannot fill the heap. In CSV mode a record is a list of fields (RFC 4180 quoting: a quoted
 * field may hold commas, doubled quotes and line breaks, so every field {@link Manifests#write} writes
 * reads back); otherwise a record is one line as a single field. {@code \r\n} ends a line like
 * {@code \n}. Not thread-safe.
 */
final class TextRecords {
  /** One record and the line it starts on (1-based), for error messages. */
  record Record(int line, List<String> fields) {}

  private final Reader in;
  private final Path file;
  private final boolean csv;
  private final int maxChars;
  private int line = 1;
  private int pushedBack = -2;

  /**
   * Creates a reader.
   *
   * @param in the text (buffered by the caller)
   * @param file the file named in errors
   * @param csv whether records are CSV rows
   * @param maxChars most characters of one record
   */
  TextRecords(Reader in, Path file, boolean csv, int maxChars) {
    this.in = in;
    this.file = file;
    this.csv = csv;
    this.maxChars = maxChars;
  }

  /**
   * The next record.
   *
   * @return the record, or null at the end of the file
   * @throws BadDatasetLayoutException naming the file and line for a record over the bound or an
   *     unterminated quote
   * @throws IOException if the file cannot be read
   */
  Record next() throws IOException {
    int start = line;
    int c = read();
    if (c < 0) {
      return null;
    }
    List<String> fields = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    int chars = 0;
    for (; ; c = read()) {
      if (c < 0) {
        if (quoted) {
          throw new BadDatasetLayoutException(file, "line " + start
              + ": unterminated quote (the file ends inside a quoted field)");
        }
        break;
      }
      if (++chars > maxChars) {
        throw new BadDatasetLayoutException(file, "line " + start + ": longer than " + maxChars
            + " characters");
      }
      if (c == '\n') {
        line++;
      }
      if (quoted) {
        if (c == '"') {
          int d = read();
          if (d == '"') {
            cur.append('"');
            chars++;
          } else {
            quoted = false;
            unread(d);
          }
        } else {
          cur.append((char) c);
        }
        continue;
      }
      if (c == '\n') {
        break;
      }
      if (c == '\r') {
        int d = read();
        if (d == '\n') {
          line++;
          break;
        }
        unread(d);
        cur.append('\r');
      } else if (csv && c == '"') {
        quoted = true;
      } else if (csv && c == ',') {
        fields.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append((char) c);
      }
    }
    fields.add(cur.toString());
    return new Record(start, fields);
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int c = pushedBack;
      pushedBack = -2;
      return c;
    }
    return in.read();
  }

  private void unread(int c) {
    pushedBack = c;
  }
}
