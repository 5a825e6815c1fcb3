package org.genimage.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.genimage.api.LoadOptions;
import org.genimage.api.Precision;
import org.genimage.examples.DetectImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genimage detect}: the probability that each image is generated ({@link DetectImages}). */
@Command(name = "detect", mixinStandardHelpOptions = true,
    description = {"Print the probability that each image is AI-generated.",
        "Default detector: the training-free spectral-peak score (genimage-spectral), which needs"
            + " no model file and sees up-sampling artifacts; pass --model for a trained one"
            + " (e.g. a file written by 'genimage train' or by the demo under"
            + " genimage-out/demo/runs/<detector>/cross-generator/detectors/)."})
final class DetectCommand extends BaseCommand {
  @Parameters(arity = "1..*", paramLabel = "FILE_OR_FOLDER",
      description = "Image files or folders (searched recursively).")
  List<Path> inputs;

  @Option(names = "--model", paramLabel = "FILE",
      description = "A saved detector (any file Detectors.load reads).")
  Path model;

  @Option(names = "--threshold", defaultValue = "0.5",
      description = "Call an image generated when its probability is above this"
          + " (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(names = "--engine", defaultValue = "auto", paramLabel = "ENGINE",
      description = "What runs the model's forward pass: auto (the oneDNN plan on a CPU), onednn or samediff"
          + " (default: ${DEFAULT-VALUE}).")
  String engine;

  @Option(names = "--batch-size", defaultValue = "0", paramLabel = "N",
      description = "Images per forward pass; 0 for the model's default (8).")
  int batchSize;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
      description = "Native threads per forward pass; 0 for all cores.")
  int threads;

  @Option(names = "--precision", defaultValue = "fp32", paramLabel = "P",
      description = "Arithmetic of the oneDNN plan: fp32; bf16 (convolutions and matrix products in bfloat16,"
          + " on CPUs with AVX512_BF16 or AMX); int8 (convolutions in 8-bit integers, on CPUs with VNNI or AMX,"
          + " for a model written by genimage quantize); elsewhere fp32, said in the engine line"
          + " (default: ${DEFAULT-VALUE}).")
  String precision;

  @Override
  public Integer call() throws Exception {
    LoadOptions load = new LoadOptions(engine, batchSize, threads, Precision.parse("--precision", precision));
    DetectImages.Result r = DetectImages.run(inputs, model, load, threshold, progress());
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("detector", r.detector());
      doc.put("architecture", r.architecture());
      doc.put("engine", r.engine());
      doc.put("threshold", r.threshold());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (DetectImages.ImageScore s : r.scores()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", s.file().toString());
        m.put("probability", s.ok() ? s.probability() : null);
        m.put("generated", s.ok() ? s.fake() : null);
        if (!s.ok()) {
          m.put("error", s.error());
        }
        rows.add(m);
      }
      doc.put("images", rows);
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(doc));
    } else {
      out.printf(Locale.ROOT, "detector: %s (%s), threshold %.2f%n", r.detector(),
          r.architecture(), r.threshold());
      out.printf(Locale.ROOT, "engine: %s%n", r.engine());
      out.printf(Locale.ROOT, "%-11s  %-9s  %s%n", "P(generated)", "verdict", "file");
      for (DetectImages.ImageScore s : r.scores()) {
        if (s.ok()) {
          out.printf(Locale.ROOT, "%11.4f  %-9s  %s%n", s.probability(),
              s.fake() ? "generated" : "real", s.file());
        } else {
          out.printf(Locale.ROOT, "%11s  %-9s  %s  (%s)%n", "-", "error", s.file(), s.error());
        }
      }
    }
    if (r.failures() > 0) {
      err.println("genimage: error: " + r.failures() + " of " + r.scores().size()
          + " files could not be read");
      return ExitCodes.BAD_INPUT;
    }
    return ExitCodes.OK;
  }
}
