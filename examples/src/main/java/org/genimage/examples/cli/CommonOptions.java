package org.genimage.examples.cli;

import java.io.PrintStream;
import org.genimage.examples.Progress;
import picocli.CommandLine.Option;

/** Options every command takes (mixed in with picocli's {@code @Mixin}). */
public final class CommonOptions {
  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "No progress bars and no status lines.")
  boolean quiet;

  @Option(names = "--no-progress", description = "No progress bars (status lines stay).")
  boolean noProgress;

  /** Creates the options with their defaults (picocli fills them). */
  public CommonOptions() {}

  /**
   * The progress reporter these options ask for.
   *
   * @param err standard error
   * @return the reporter
   */
  public Progress progress(PrintStream err) {
    // Bars redraw a line with carriage returns: only on a terminal, never into logs or pipes.
    boolean terminal = System.console() != null;
    return new ConsoleProgress(err, terminal && !quiet && !noProgress, !quiet);
  }
}
