package org.genimage.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.genimage.api.LoadOptions;
import org.genimage.examples.CalibrateDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genimage calibrate}: temperature or Platt scaling saved in the detector file ({@link CalibrateDetector}). */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = {"Fit temperature or Platt scaling on validation data and write a copy of the detector"
        + " whose scores are calibrated (stored in the file, applied by detect, evaluate and the API).",
        "Give validation data, never the test set: the figures printed are measured on the data the"
            + " calibration was fitted on."})
final class CalibrateCommand extends BaseCommand {
  @Option(names = "--model", required = true, paramLabel = "FILE",
      description = "A detector file (.gidet) written by genimage train or import.")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "ROOT_OR_MANIFEST",
      description = "The validation data (GenImage layout, folder tree or manifest).")
  Path data;

  @Option(names = "--method", defaultValue = "temperature", paramLabel = "METHOD",
      description = "temperature (keeps the ranking and the 0.5 decision point) or platt (may move the"
          + " decision point); default ${DEFAULT-VALUE}.")
  String method;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
      description = "The calibrated detector file to write.")
  Path output;

  @Option(names = "--engine", defaultValue = "auto", paramLabel = "ENGINE",
      description = "auto, onednn or samediff (default: ${DEFAULT-VALUE}).")
  String engine;

  @Override
  public Integer call() {
    CalibrateDetector.Result r = CalibrateDetector.run(new CalibrateDetector.Request(model, data, method, output,
        LoadOptions.defaults().withEngine(engine)), progress());
    out.printf(Locale.ROOT, "%s scaling fitted on %d validation images (%s): %s%n", r.calibration().name(),
        r.fittedOn().samples(), r.fittedOn().manifest(), CalibrateDetector.describe(r.calibration()));
    if (r.skipped() > 0) {
      out.printf(Locale.ROOT, "skipped %d files that could not be decoded%n", r.skipped());
    }
    out.printf(Locale.ROOT, "%-8s %10s %10s%n", "", "ECE", "Brier");
    out.printf(Locale.ROOT, "%-8s %10.4f %10.4f%n", "before", r.eceBefore(), r.brierBefore());
    out.printf(Locale.ROOT, "%-8s %10.4f %10.4f%n", "after", r.eceAfter(), r.brierAfter());
    out.println("Note: measured on the validation data the calibration was fitted on, which is not a test set;"
        + " evaluate the calibrated model on held-out data.");
    out.println("Written: " + r.output());
    return ExitCodes.OK;
  }
}
