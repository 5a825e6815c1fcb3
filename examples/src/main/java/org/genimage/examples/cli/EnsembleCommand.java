package org.genimage.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.genimage.api.LoadOptions;
import org.genimage.examples.BuildEnsemble;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genimage ensemble}: one detector fusing several ({@link BuildEnsemble}). */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
    description = {"Write an ensemble detector that fuses its members' logits: their mean, their maximum, or"
        + " logistic stacking fitted on validation data. The file embeds the members and loads like any"
        + " detector (detect --model, evaluate --model)."})
final class EnsembleCommand extends BaseCommand {
  @Option(names = "--member", required = true, paramLabel = "FILE",
      description = "A member detector file (repeat for each member, in order).")
  List<Path> members = new ArrayList<>();

  @Option(names = "--method", required = true, paramLabel = "METHOD",
      description = "mean, max or stacking.")
  String method;

  @Option(names = "--data", paramLabel = "ROOT_OR_MANIFEST",
      description = "Validation data for stacking (never the test set).")
  Path data;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
      description = "The ensemble file to write.")
  Path output;

  @Option(names = "--engine", defaultValue = "auto", paramLabel = "ENGINE",
      description = "auto, onednn or samediff, for the members (default: ${DEFAULT-VALUE}).")
  String engine;

  @Override
  public Integer call() {
    BuildEnsemble.Result r = BuildEnsemble.run(new BuildEnsemble.Request(members, method, data, output,
        LoadOptions.defaults().withEngine(engine)), progress());
    out.printf(Locale.ROOT, "%s ensemble of %d: %s%n", r.method().id(), r.memberNames().size(),
        String.join(", ", r.memberNames()));
    if (r.stacking() != null) {
      out.printf(Locale.ROOT, "stacking fitted on %d validation images (%s)%n", r.fittedOn().samples(),
          r.fittedOn().manifest());
      out.printf(Locale.ROOT, "%-24s %10s %10s%n", "", "weight", "val AUC");
      for (int i = 0; i < r.memberNames().size(); i++) {
        out.printf(Locale.ROOT, "%-24s %10.4f %10.4f%n", r.memberNames().get(i), r.stacking().weights()[i],
            r.memberAuc().get(i));
      }
      out.printf(Locale.ROOT, "%-24s %10.4f %10.4f%n", "ensemble (bias)", r.stacking().bias(), r.ensembleAuc());
      out.println("Note: AUCs measured on the validation data the weights were fitted on, which is not a test"
          + " set; evaluate the ensemble on held-out data.");
    }
    out.println("Written: " + r.output());
    return ExitCodes.OK;
  }
}
