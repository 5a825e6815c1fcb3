package org.genimage.examples.cli;

import java.nio.file.Path;
import org.genimage.examples.MakeSimDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genimage make-sim-dataset}: a simulated dataset on disk ({@link MakeSimDataset}). */
@Command(name = "make-sim-dataset", mixinStandardHelpOptions = true,
    description = {"Write a simulated-artifact dataset in the GenImage release layout"
        + " (<generator>/<subset>/{train,val}/{ai,nature}/...), deterministic by seed.",
        "Default generators: sd14 (high-frequency deficit), biggan (x2 up-sampling),"
            + " vqdm (x4 up-sampling), midjourney (colour shift); --all-eight for all eight."})
final class MakeSimDatasetCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "OUTPUT_FOLDER", description = "Where to write.")
  Path output;

  @Option(names = "--seed", defaultValue = "7", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--size", defaultValue = "64",
      description = "Image side in pixels (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--train-per-label", defaultValue = "96",
      description = "Training images per label per generator (default ${DEFAULT-VALUE}).")
  int train;

  @Option(names = "--val-per-label", defaultValue = "48",
      description = "Val images per label per generator (default ${DEFAULT-VALUE}).")
  int val;

  @Option(names = "--all-eight", description = "Simulate all eight GenImage subsets.")
  boolean allEight;

  @Option(names = "--jpeg-reals",
      description = "Store real images as JPEG q96 as the release does (a format shortcut).")
  boolean jpegReals;

  @Override
  public Integer call() {
    MakeSimDataset.Result r = MakeSimDataset.run(new MakeSimDataset.Options(output, seed, size,
        train, val, allEight, jpegReals), progress());
    out.printf("%-12s %6s %6s%n", "generator", "real", "fake");
    r.countsByGenerator().forEach((g, c) -> out.printf("%-12s %6d %6d%n", g, c[0], c[1]));
    out.println("Written: " + r.release().root().toAbsolutePath().normalize() + " ("
        + r.release().samples().size() + " images)");
    return ExitCodes.OK;
  }
}
