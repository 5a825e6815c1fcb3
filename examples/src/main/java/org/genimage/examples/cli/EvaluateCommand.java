package org.genimage.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BiasControl;
import org.genimage.eval.CellResult;
import org.genimage.eval.DegradationTarget;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.SmallImagePolicy;
import org.genimage.eval.metrics.FormatBaseline;
import org.genimage.eval.metrics.SizeBaseline;
import org.genimage.examples.DetectorRecipes;
import org.genimage.examples.Evaluate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code genimage evaluate <protocol>}: one of the paper's protocols or the robustness sweep ({@link
 * Evaluate}).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Run a protocol through the evaluation API and write its report (Markdown, CSV,"
        + " JSON, figures) to <run-dir>/report.",
        "Protocols: cross-generator, degraded, class-count, cross-content, robustness (AUC,"
            + " accuracy and TPR@1%%FPR curves per detector over --sweep levels; compare detectors"
            + " with --model repeated).",
        "Interrupted runs resume: rerun the same command with the same --run-dir."})
final class EvaluateCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "PROTOCOL",
      description = "cross-generator, degraded, class-count, cross-content or robustness.")
  String protocol;

  @Option(names = "--data", paramLabel = "ROOT_OR_MANIFEST",
      description = "The dataset (GenImage layout or manifest).")
  Path data;

  @Option(names = "--detector", description = "A detector to train here (see 'train --help').")
  String detector;

  @Option(names = "--model", paramLabel = "FILE",
      description = "A saved detector instead (robustness: repeat to compare several).")
  List<Path> models = new ArrayList<>();

  @Option(names = "--sweep", split = ",", paramLabel = "PRESET", defaultValue = "jpeg",
      description = "Robustness sweeps: jpeg (quality 100..30), blur (sigma 0..5), resize (scale"
          + " 1..0.25), social (resize, then JPEG); default ${DEFAULT-VALUE}.")
  List<String> sweeps;

  @Option(names = "--train-on", split = ",", paramLabel = "GENERATOR",
      description = "Training subsets (cross-generator rows; default: all, i.e. the full"
          + " matrix); for the other protocols the subset trained on (default sd14).")
  List<String> trainOn = new ArrayList<>();

  @Option(names = "--degradations", defaultValue = "paper",
      description = "paper (the paper's six) or small (scaled to 64-px images);"
          + " default ${DEFAULT-VALUE}.")
  String degradations;

  @Option(names = "--degrade", defaultValue = "BOTH",
      description = "Which class degradations hit: ${COMPLETION-CANDIDATES} (default"
          + " ${DEFAULT-VALUE}).")
  DegradationTarget degradationTarget;

  @Option(names = "--small-images", defaultValue = "RESIZE",
      description = "Images smaller than the input: ${COMPLETION-CANDIDATES} (default"
          + " ${DEFAULT-VALUE}).")
  SmallImagePolicy smallImages;

  @Option(names = "--bias-control", paramLabel = "CONTROL", defaultValue = "none",
      description = {"Against the format and size shortcuts (\"Fake or JPEG?\"), applied to every"
          + " dataset of the protocol and recorded in the result: none (default), or items joined"
          + " by commas: jpegQ (fakes JPEG-compressed at quality Q, only reals of quality Q kept),"
          + " size (reals' width and height in [n/2, 2n] of the generator's side n), size=MIN-MAX"
          + " (both sides in MIN..MAX pixels), balance (as many reals as fakes per ImageNet class)."
          + " Example: jpeg96,size=200-600."})
  String biasControl;

  @Option(names = "--class-counts", split = ",", defaultValue = "10,50,100",
      description = "Class counts of class-count (default ${DEFAULT-VALUE}).")
  int[] classCounts;

  @Option(names = "--per-class", defaultValue = "5",
      description = "Images per label per class in class-count (default ${DEFAULT-VALUE}).")
  int perClass;

  @Option(names = "--target", paramLabel = "NAME=ROOT",
      description = "A cross-content target dataset (repeatable), e.g. faces=/data/lfw.")
  Map<String, Path> targets = new LinkedHashMap<>();

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "The run directory; rerun with the same one to resume"
          + " (default genimage-out/runs/<protocol>).")
  Path runDir;

  @Option(names = "--threads", description = "Decoding and scoring threads (default: cores).")
  int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

  @Mixin
  TrainingOptions training;

  @Override
  public Integer call() {
    Evaluate.ProtocolName p = Evaluate.ProtocolName.parse(protocol);
    Path model = models.isEmpty() ? null : models.get(0);
    if (detector == null && model == null) {
      throw new BadArgumentException("detector", "give --detector NAME or --model FILE");
    }
    ProtocolSettings settings = ProtocolSettings.defaults().withDegradationTarget(
        degradationTarget).withSmallImagePolicy(smallImages).withSeed(training.seed)
        .withBiasControl(BiasControl.parse(biasControl));
    Path dir = runDir != null ? runDir : Path.of("genimage-out", "runs", p.id());
    Evaluate.Outcome o = Evaluate.run(new Evaluate.Request(p, data, detector, model, trainOn,
        training.settings(null), DetectorRecipes.configs(training.detectorConfig), degradations,
        classCounts, perClass, targets, settings, dir, threads,
        models.size() > 1 ? models.subList(1, models.size()) : List.of(),
        p == Evaluate.ProtocolName.ROBUSTNESS ? sweeps : List.of()), progress());
    // Only where some test set mixes format kinds (sizes): elsewhere the column would be all dashes.
    boolean formats = o.result().cells().stream().anyMatch(c -> c.formatBaseline().isPresent());
    boolean sizes = o.result().cells().stream().anyMatch(c -> c.sizeBaseline().isPresent());
    out.printf(Locale.ROOT, "%-28s %-12s %-22s %-16s %8s %8s%s%s%n", "cell", "trained on",
        "test set", "condition", "acc %", "AUC", formats ? "  format-only AUC" : "",
        sizes ? "  size-only AUC" : "");
    for (CellResult c : o.result().cells()) {
      out.printf(Locale.ROOT, "%-28s %-12s %-22s %-16s %8.1f %8.3f%s%s%n", c.cellId(),
          c.trainedOn(), c.testSet(), c.condition(), 100 * c.accuracy(), c.evaluation().rocAuc(),
          !formats ? "" : baseline(c.formatBaseline().map(FormatBaseline::rocAuc), 15),
          !sizes ? "" : baseline(c.sizeBaseline().map(SizeBaseline::rocAuc), 13));
    }
    o.result().cells().forEach(c -> c.formatBaseline().flatMap(FormatBaseline::warning)
        .ifPresent(w -> out.println("warning: " + c.cellId() + ": " + w)));
    BiasControl bias = o.result().settings().biasControl();
    o.result().cells().forEach(c -> c.sizeBaseline().flatMap(b -> b.warning(bias))
        .ifPresent(w -> out.println("warning: " + c.cellId() + ": " + w)));
    out.println("Report: " + o.report().toAbsolutePath().normalize());
    return ExitCodes.OK;
  }

  /** A baseline's AUC right-aligned under its header, or a dash where the cell has none. */
  private static String baseline(Optional<Double> auc, int width) {
    return auc.map(a -> String.format(Locale.ROOT, "  %" + width + ".3f", a))
        .orElse(String.format(Locale.ROOT, "  %" + width + "s", "-"));
  }
}
