package org.genimage.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.ModelProvenance;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.ArchitectureProvider;
import org.genimage.detectors.Architectures;
import org.genimage.detectors.Head;
import org.genimage.detectors.WeightImport;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.resnet.CnnSpot;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.weights.SafeTensors;
import org.genimage.detectors.weights.WeightFiles;
import org.genimage.detectors.weights.WeightMapping;

/**
 * Imports published PyTorch weights ({@code .pth} or safetensors) into a genimage detector file: the
 * architecture is named as {@code genimage train --detector} names it ({@link DetectorRecipes}), optionally
 * with a JSON config whose fields replace the named recipe's (e.g. {@code {"head": "TWO_CLASS"}} for a
 * two-class ResNet-50); names are mapped by the architecture ({@link WeightImport}); every missing, unexpected
 * and wrongly shaped tensor is listed before the import is refused.
 */
public final class ImportCheckpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImportCheckpoint() {}

  /**
   * What to import.
   *
   * @param source    the {@code .pth} or safetensors file
   * @param family    a name {@code genimage train --detector} accepts
   * @param config    JSON fields replacing the family's default config, or null
   * @param inputSize the input side of the small built-in recipes ({@code resnet}, {@code cnnspot},
   *                  {@code spec})
   * @param key       the checkpoint's state-dict key ({@code model}, {@code state_dict}, ...), or null to search
   * @param output    the detector file to write
   * @param name      the detector's display name, or null for the source's file name without extension
   */
  public record Request(Path source, String family, JsonNode config, int inputSize, String key, Path output,
      String name) {
    /** Validates. */
    public Request {
      Checks.notNull("source", source);
      Checks.notBlank("family", family);
      Checks.notNull("output", output);
      Checks.inRange("inputSize", inputSize, 16, 1024);
    }
  }

  /**
   * What was written.
   *
   * @param output      the detector file
   * @param name        its display name
   * @param family      the architecture family
   * @param architecture the architecture's display name
   * @param tensors     how many tensors were imported
   * @param provenance  the recorded source (file name and SHA-256, state-dict key as a note)
   * @param preprocessing the preprocessing the network expects, as the detector file records it
   */
  public record Result(Path output, String name, String family, String architecture, int tensors,
      ModelProvenance provenance, PreprocessingPipeline preprocessing) {}

  /**
   * Reads, checks and writes.
   *
   * @param r   the request
   * @param log where to list every missing, unexpected and wrongly shaped tensor when the file does not fit
   * @return what was written
   * @throws BadModelFileException when the file cannot be read, is refused, or does not fit the architecture
   * @throws BadArgumentException  for an unknown family or a config it rejects
   */
  public static Result run(Request r, PrintStream log) {
    Architecture arch = architecture(r.family(), r.config(), r.inputSize());
    SafeTensors.Contents c = WeightFiles.read(r.source(), r.key());
    WeightMapping.Report report = WeightImport.check(arch, c);
    if (!report.ok()) {
      list(log, "missing", report.missing());
      list(log, "unexpected", report.extra());
      list(log, "wrong shape", report.wrongShape());
    }
    WeightImport imported = WeightImport.of(arch, r.source(), c);
    String name = r.name() != null ? r.name() : stem(r.source());
    imported.save(r.output(), name);
    return new Result(r.output(), name, arch.family(), arch.displayName(), imported.weights().size(),
        imported.provenance(), arch.preprocessing());
  }

  /**
   * The architecture a name and optional config stand for: the built-in recipes' networks ({@code resnet},
   * {@code cnnspot}, {@code spec} at {@code inputSize}; {@code resnet50}, {@code cnnspot50} at 224, one logit as
   * CNNDetection's checkpoints), else a registered variant ({@code deit_s}, {@code swin_t}, {@code f3net},
   * {@code gramnet}, ...) or family (its default config, or its first variant: {@code deit} is DeiT-S); the given
   * fields replace the default's.
   *
   * @param family    the name
   * @param config    replacement fields, or null
   * @param inputSize input side of the small recipes
   * @return the architecture
   * @throws BadArgumentException for an unknown family, one without weights, or a config it rejects
   */
  public static Architecture architecture(String family, JsonNode config, int inputSize) {
    String n = Checks.notBlank("family", family).trim().toLowerCase(Locale.ROOT);
    Architecture base = switch (n) {
      // The examples' own recipes (DetectorRecipes), which CNNDetection-style checkpoints match: one logit.
      case "resnet" -> new ResNet(new ResNetConfig("resnet-small", 8, new int[] {1, 1, 1, 1},
          Head.SINGLE_LOGIT, PreprocessingPipeline.imagenet(0, inputSize)));
      case "cnnspot" -> new ResNet(new ResNetConfig("cnnspot-small", 8, new int[] {1, 1, 1, 1},
          Head.SINGLE_LOGIT, PreprocessingPipeline.imagenet(0, inputSize)));
      case "resnet50" -> new ResNet(ResNetConfig.resnet50(Head.SINGLE_LOGIT));
      case "cnnspot50" -> CnnSpot.architecture();
      case "spec" -> DetectorRecipes.smallSpec(inputSize);
      case "periodic-artifact" -> throw new BadArgumentException("family", family,
          "a network family: periodic-artifact is training-free and has no weights to import");
      default -> registered(family, n, config == null);
    };
    ArchitectureProvider provider = Architectures.provider(base.family());
    JsonNode defaults = Architectures.configJson(base);
    if (config == null) {
      return base;
    }
    if (!config.isObject()) {
      throw new BadArgumentException("config", config.toString(), "a JSON object");
    }
    ObjectNode merged = defaults.isObject() ? ((ObjectNode) defaults).deepCopy() : JSON.createObjectNode();
    config.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
    try {
      return provider.fromConfig(merged);
    } catch (RuntimeException e) {
      throw new BadArgumentException("config", merged.toString(), "a valid " + n + " config (" + e.getMessage()
          + ")");
    }
  }

  /**
   * A registered variant by name ({@code deit_s}, {@code f3net}, ...), or a registered family: its default config
   * when its provider accepts an empty one, else its first named variant (DeiT-S for {@code deit}).
   */
  private static Architecture registered(String family, String n, boolean noConfig) {
    if (Architectures.variants().containsKey(n)) {
      return Architectures.variant(n);
    }
    ArchitectureProvider provider = Architectures.providers().get(n);
    if (provider == null) {
      throw new BadArgumentException("family", family, "one of " + DetectorRecipes.available().keySet());
    }
    try {
      return provider.fromConfig(JSON.createObjectNode());
    } catch (RuntimeException e) {
      if (!provider.variants().isEmpty()) {
        return provider.variant(provider.variants().keySet().iterator().next());
      }
      throw new BadArgumentException("family", family, "a family whose provider accepts an empty config ("
          + e.getMessage() + ")" + (noConfig ? "; pass its config with --config" : ""));
    }
  }

  /**
   * Parses {@code --config}: inline JSON, or the path of a JSON file.
   *
   * @param text the option's value, or null
   * @return the JSON, or null
   * @throws BadArgumentException when it is neither
   */
  public static JsonNode parseConfig(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    try {
      if (t.startsWith("{")) {
        return JSON.readTree(t);
      }
      return JSON.readTree(Files.readString(Path.of(t)));
    } catch (JsonProcessingException e) {
      throw new BadArgumentException("config", text, "a JSON object (" + e.getOriginalMessage() + ")");
    } catch (IOException | RuntimeException e) {
      throw new BadArgumentException("config", text, "inline JSON or a readable JSON file (" + e.getMessage()
          + ")");
    }
  }

  private static void list(PrintStream log, String what, List<String> names) {
    for (String n : names) {
      log.println("  " + what + ": " + n);
    }
  }

  private static String stem(Path p) {
    String f = p.getFileName().toString();
    int dot = f.lastIndexOf('.');
    return dot > 0 ? f.substring(0, dot) : f;
  }
}
