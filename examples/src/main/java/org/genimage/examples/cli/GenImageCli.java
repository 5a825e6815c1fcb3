package org.genimage.examples.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.genimage.api.GenImageVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code genimage} command-line tool. {@code main} is a thin shell: {@link #execute} parses the
 * arguments, runs one command and maps failures to {@link ExitCodes}; each command calls a static
 * method of {@code org.genimage.examples} that returns a result value.
 */
@Command(name = "genimage", mixinStandardHelpOptions = true,
    versionProvider = GenImageCli.Version.class,
    description = "Detect AI-generated images, train detectors and run the GenImage protocols.",
    subcommands = {DemoCommand.class, DetectCommand.class, TrainCommand.class, ImportCommand.class,
        EvaluateCommand.class, SpectrumCommand.class, MakeSimDatasetCommand.class,
        CalibrateCommand.class, EnsembleCommand.class, QuantizeCommand.class,
        VerifyArchivesCommand.class, VerifyCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 failed, 2 usage error, 3 bad input (image, model file or"
        + " dataset layout; for verify and verify-archives: the release is incomplete or a piece"
        + " is wrong).", "Start with: genimage demo"})
public final class GenImageCli implements Runnable {
  @Spec
  CommandSpec spec;

  /** Creates the top-level command (picocli instantiates it). */
  public GenImageCli() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Runs the tool and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    PrintStream out = NoiseFilter.install();
    System.exit(execute(out, System.err, args));
  }

  /**
   * Runs the tool without exiting, for tests and embedding.
   *
   * @param out standard output (tables, JSON, help)
   * @param err standard error (progress, errors)
   * @param args the command line
   * @return the exit code ({@link ExitCodes})
   */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    CommandLine cl = commandLine(out, err);
    return cl.execute(args);
  }

  /**
   * The configured picocli command line, with the exception handler that prints one clear line (a
   * stack trace only with {@code --verbose}) and returns the code of {@link ExitCodes#of}.
   *
   * @param out standard output
   * @param err standard error
   * @return the command line
   */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new GenImageCli());
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommand() instanceof BaseCommand c) {
        c.streams(out, err);
      }
    }
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      boolean verbose = false;
      for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
        verbose |= p.hasMatchedOption("--verbose");
      }
      err.println("genimage: error: " + oneLine(e));
      if (verbose) {
        e.printStackTrace(err);
      } else {
        err.println("genimage: (run with --verbose for the stack trace)");
      }
      err.flush();
      return ExitCodes.of(e);
    });
    return cl;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return m.replace('\n', ' ').strip();
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"genimage " + GenImageVersion.get(),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
              + ")"};
    }
  }
}
