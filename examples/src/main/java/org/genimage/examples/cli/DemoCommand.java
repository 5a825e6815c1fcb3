package org.genimage.examples.cli;

import java.nio.file.Path;
import java.util.List;
import org.genimage.examples.Demo;
import org.genimage.examples.DemoOptions;
import org.genimage.examples.DetectorRecipes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genimage demo}: the one-command demo ({@link Demo#run}). */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Make a simulated-artifact dataset, train small detectors, run the"
        + " cross-generator and degraded protocols, write a report and print a summary.",
        "Needs no data and no download; a few minutes on 2 cores."})
final class DemoCommand extends BaseCommand {
  @Option(names = "--work-dir", defaultValue = "genimage-out/demo",
      description = "Where data, runs and the report go (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--detectors", split = ",",
      description = "Detectors to train, comma-separated (default: resnet,cnnspot,spec,"
          + "periodic-artifact; an unknown name is refused with the list of known ones).")
  List<String> detectors;

  @Option(names = "--epochs", description = "Training epochs (default 8).")
  Integer epochs;

  @Option(names = "--train-per-label",
      description = "Training images per label per generator (default 64).")
  Integer trainPerLabel;

  @Option(names = "--val-per-label",
      description = "Val images per label per generator (default 32).")
  Integer valPerLabel;

  @Option(names = "--tiny", description = "A seconds-long smoke run (tiny data, one epoch).")
  boolean tiny;

  @Override
  public Integer call() {
    DemoOptions o = tiny ? DemoOptions.tiny(workDir) : DemoOptions.defaults(workDir);
    if (detectors != null) {
      o = o.withDetectors(detectors.stream().map(String::trim).map(String::toLowerCase).toList());
    }
    if (epochs != null) {
      o = o.withEpochs(epochs);
    }
    if (trainPerLabel != null || valPerLabel != null) {
      o = o.withSizes(trainPerLabel != null ? trainPerLabel : o.trainPerLabel(),
          valPerLabel != null ? valPerLabel : o.valPerLabel());
    }
    Demo.Result r = Demo.run(o, progress());
    out.println();
    out.print(r.summaryTable());
    out.printf("%nReport: %s%n", r.report().toAbsolutePath().normalize());
    out.printf("Done in %.0f s. Detectors available here: %s%n", r.elapsed().toMillis() / 1000.0,
        String.join(", ", DetectorRecipes.available().keySet()));
    return ExitCodes.OK;
  }
}
