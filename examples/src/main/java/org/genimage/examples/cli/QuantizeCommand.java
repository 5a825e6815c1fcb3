package org.genimage.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.genimage.api.LoadOptions;
import org.genimage.examples.QuantizeDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genimage quantize}: an int8 detector file, written only when it keeps the fp32 AUC. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
    description = {"Collect int8 activation ranges on calibration images, compare fp32, bf16 and int8 on held-out"
        + " images and write a copy of the detector that runs int8 (genimage detect --precision int8) only when"
        + " its ROC AUC stays within --max-auc-drop of fp32.",
        "Needs a CPU with VNNI or AMX to check int8; refuses elsewhere."})
final class QuantizeCommand extends BaseCommand {
  @Option(names = "--model", required = true, paramLabel = "FILE",
      description = "A detector file (.gidet) written by genimage train, import or calibrate.")
  Path model;

  @Option(names = "--calibration", required = true, paramLabel = "ROOT_OR_MANIFEST",
      description = "Labelled images like those the detector will score (GenImage layout, folder tree or"
          + " manifest): a calibration part and a held-out part are drawn from them.")
  Path data;

  @Option(names = "--calibration-images", defaultValue = "256", paramLabel = "N",
      description = "Images that calibrate, at most half of the data (default ${DEFAULT-VALUE}); the rest is held"
          + " out.")
  int calibrationImages;

  @Option(names = "--max-auc-drop", defaultValue = "0.005", paramLabel = "D",
      description = "The largest ROC AUC loss accepted (default ${DEFAULT-VALUE}).")
  double maxAucDrop;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED",
      description = "Seed of the calibration/held-out split (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
      description = "The int8 detector file to write.")
  Path output;

  @Override
  public Integer call() {
    QuantizeDetector.Result r = QuantizeDetector.run(new QuantizeDetector.Request(model, data, output,
        calibrationImages, maxAucDrop, seed, LoadOptions.defaults().withEngine("onednn")), progress());
    out.printf(Locale.ROOT, "int8 activation ranges of %d convolution values from %d calibration images (%s)%n",
        r.calibration().ranges().size(), r.calibration().collectedOn().samples(),
        r.calibration().collectedOn().manifest());
    if (r.skipped() > 0) {
      out.printf(Locale.ROOT, "skipped %d files that could not be decoded%n", r.skipped());
    }
    out.printf(Locale.ROOT, "held-out images: %d%n", r.heldOut());
    out.printf(Locale.ROOT, "%-6s %8s %9s  %s%n", "", "ROC AUC", "accuracy", "engine");
    for (QuantizeDetector.Row row : r.rows()) {
      out.printf(Locale.ROOT, "%-6s %8.4f %9.4f  %s%n", row.precision().label(), row.rocAuc(), row.accuracy(),
          row.engine());
    }
    out.printf(Locale.ROOT, "int8 - fp32 ROC AUC: %+.4f (allowed: -%.4f)%n", r.aucChange(), maxAucDrop);
    if (!r.written()) {
      err.println("Not written: " + r.refusal());
      return ExitCodes.FAILED;
    }
    out.println("Written: " + r.output() + " (load it with --precision int8)");
    return ExitCodes.OK;
  }
}
