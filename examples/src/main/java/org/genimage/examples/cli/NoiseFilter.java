package org.genimage.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An output stream that drops the lines ND4J M2.1 prints straight to {@code System.out} while it
 * builds gradient graphs ("Added differentiated op conv2d", one per op), so that the tool's own
 * tables and JSON stay readable. Every other line passes through unchanged.
 */
final class NoiseFilter extends OutputStream {
  private static final List<String> DROPPED = List.of("Added differentiated op ");

  private final PrintStream target;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  NoiseFilter(PrintStream target) {
    this.target = target;
  }

  /**
   * Installs the filter on {@code System.out}.
   *
   * @return the original standard output, for the tool's own output
   */
  static PrintStream install() {
    PrintStream original = System.out;
    System.setOut(new PrintStream(new NoiseFilter(original), true, StandardCharsets.UTF_8));
    return original;
  }

  @Override
  public synchronized void write(int b) {
    line.write(b);
    if (b == '\n') {
      flushLine();
    }
  }

  @Override
  public synchronized void flush() {
    // Only complete lines are judged; a partial line waits for its end.
    target.flush();
  }

  @Override
  public synchronized void close() {
    flushLine();
    target.flush();
  }

  private void flushLine() {
    String s = line.toString(StandardCharsets.UTF_8);
    line.reset();
    for (String prefix : DROPPED) {
      if (s.startsWith(prefix)) {
        return;
      }
    }
    target.print(s);
  }
}
