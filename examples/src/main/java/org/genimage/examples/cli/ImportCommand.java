package org.genimage.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.genimage.examples.ImportCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genimage import}: published PyTorch weights into a detector file ({@link ImportCheckpoint}). */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Import published PyTorch weights (a .pth checkpoint written by torch.save, or"
        + " safetensors) into a detector file that 'genimage detect --model' runs.",
        "The checkpoint's pickle is read without running anything: only the globals that rebuild"
            + " tensors are allowed. The state dict is found under the usual keys (state_dict, model,"
            + " netC, net, ...) and DataParallel's 'module.' prefix is removed.",
        "Families: the names 'genimage train --detector' accepts (resnet50, cnnspot50, spec, f3net,"
            + " gramnet, deit, swin, ...)."})
final class ImportCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "SOURCE", description = "The .pth or .safetensors file.")
  Path source;

  @Option(names = "--family", required = true, paramLabel = "F",
      description = "The architecture, as 'genimage train --detector' names it.")
  String family;

  @Option(names = "--config", paramLabel = "JSON",
      description = "Fields replacing the family's default config, inline ('{\"head\":\"TWO_CLASS\"}')"
          + " or a JSON file.")
  String config;

  @Option(names = "--key", paramLabel = "KEY",
      description = "Where the state dict is in the checkpoint ('model', 'state_dict', 'a/b');"
          + " default: searched.")
  String key;

  @Option(names = "--size", defaultValue = "64",
      description = "Input size of the small recipes resnet, cnnspot, spec (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--name", description = "The detector's name (default: the source's file name).")
  String name;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
      description = "The detector file to write (.gidet).")
  Path output;

  @Override
  public Integer call() {
    ImportCheckpoint.Result r = ImportCheckpoint.run(new ImportCheckpoint.Request(source, family,
        ImportCheckpoint.parseConfig(config), size, key, output, name), err);
    out.printf(Locale.ROOT, "imported %d tensors from %s into %s (%s, family %s)%n", r.tensors(),
        source.getFileName(), r.output(), r.architecture(), r.family());
    out.printf(Locale.ROOT, "  source: %s (sha256 %s)%n", r.provenance().weights().file(),
        r.provenance().weights().sha256());
    r.provenance().notes().forEach((k, v) -> out.printf(Locale.ROOT, "  %s: %s%n", k, v));
    out.printf(Locale.ROOT, "  preprocessing: %s%n", r.preprocessing().steps());
    out.println("run it: genimage detect --model " + r.output() + " IMAGE...");
    return ExitCodes.OK;
  }
}
