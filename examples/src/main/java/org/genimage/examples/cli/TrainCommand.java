package org.genimage.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.genimage.api.EpochSummary;
import org.genimage.examples.DetectorRecipes;
import org.genimage.examples.TrainDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code genimage train}: trains and saves a detector ({@link TrainDetector}). */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a detector on one generator's train split of a dataset (GenImage layout"
        + " or manifest), select the best epoch on its val split, and save it to one file.",
        "Detectors: resnet, cnnspot (small, fast), resnet50, cnnspot50 (full size), "
            + "periodic-artifact (training-free), or any architecture family registered in "
            + "genimage-detectors."})
final class TrainCommand extends BaseCommand {
  @Option(names = "--detector", defaultValue = "resnet",
      description = "The architecture or recipe (default: ${DEFAULT-VALUE}).")
  String detector;

  @Option(names = "--data", required = true, paramLabel = "ROOT_OR_MANIFEST",
      description = "The dataset: a folder in the GenImage layout or a manifest.")
  Path data;

  @Option(names = "--generator", defaultValue = "sd14",
      description = "The generator subset to train on, or 'all' (default: ${DEFAULT-VALUE}).")
  String generator;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
      description = "The detector file to write.")
  Path output;

  @Option(names = "--checkpoint-dir", paramLabel = "DIR",
      description = "Checkpoint here (every epoch and every --checkpoint-every steps) and resume from it.")
  Path checkpointDir;

  @Mixin
  TrainingOptions training;

  @Override
  public Integer call() {
    TrainDetector.Result r = TrainDetector.run(new TrainDetector.Request(detector, data,
        generator, training.settings(checkpointDir),
        DetectorRecipes.configs(training.detectorConfig), output), progress());
    out.printf(Locale.ROOT, "%-6s %-10s %-8s %-8s %s%n", "epoch", "loss", "val acc", "val auc",
        "best so far");
    for (EpochSummary e : r.epochs()) {
      out.printf(Locale.ROOT, "%-6d %-10.4f %-8s %-8s %s%n", e.epoch(), e.trainingLoss(),
          fmt(e.validation().get("accuracy")), fmt(e.validation().get("auc")),
          e.improved() ? "*" : "");
    }
    out.printf(Locale.ROOT, "trained %s on %d images in %.0f s%n", r.info().name(),
        r.trainingImages(), r.elapsed().toMillis() / 1000.0);
    out.println(r.file() == null ? "this detector cannot be saved (nothing written)"
        : "saved: " + r.file());
    return ExitCodes.OK;
  }

  private static String fmt(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }
}
