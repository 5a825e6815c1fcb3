package org.genimage.examples.cli;

import java.nio.file.Path;
import org.genimage.examples.SpectrumAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genimage spectrum}: average spectra and their plots ({@link SpectrumAnalysis}). */
@Command(name = "spectrum", mixinStandardHelpOptions = true,
    description = {"Average the noise-residual power spectra of a folder of images, or of a"
        + " dataset's real images and each generator's fakes, and draw them side by side"
        + " (spectra.png) with their radial profiles (radial-profiles.png)."})
final class SpectrumCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "FOLDER_OR_DATASET",
      description = "A folder of images, a GenImage-layout root, or a manifest.")
  Path input;

  @Option(names = "--size", defaultValue = "64",
      description = "Centre-crop side; smaller images are skipped (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--max-per-group", defaultValue = "500",
      description = "At most this many images per group (default ${DEFAULT-VALUE}).")
  int maxPerGroup;

  @Option(names = {"-o", "--output"}, defaultValue = "genimage-out/spectrum",
      description = "Output folder (default ${DEFAULT-VALUE}).")
  Path output;

  @Override
  public Integer call() {
    SpectrumAnalysis.Result r = SpectrumAnalysis.run(input, size, maxPerGroup, output,
        progress());
    out.printf("%-16s %s%n", "group", "images averaged");
    r.counts().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> out.printf("%-16s %d%n", e.getKey(), e.getValue()));
    if (r.skipped() > 0) {
      out.println("skipped (unreadable or smaller than " + size + " px): " + r.skipped());
    }
    out.println("Spectra: " + r.panel().toAbsolutePath().normalize());
    out.println("Radial profiles: " + r.profiles().toAbsolutePath().normalize());
    return ExitCodes.OK;
  }
}
