package org.genimage.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.ImageTransform;
import org.genimage.api.TrainingListener;
import org.genimage.api.internal.Checks;
import org.genimage.degrade.BlurJpegAugmentation;
import org.genimage.degrade.HorizontalFlip;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.ArchitectureProvider;
import org.genimage.detectors.Architectures;
import org.genimage.detectors.Head;
import org.genimage.detectors.layers.ResNetBasic;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.resnet.CnnSpot;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.spec.Spec;
import org.genimage.detectors.spec.SpecConfig;
import org.genimage.detectors.train.LrSchedule;
import org.genimage.detectors.train.OptimizerConfig;
import org.genimage.detectors.train.SameDiffTrainer;
import org.genimage.detectors.train.TrainerConfig;
import org.genimage.spectral.PeriodicArtifactDetector;

/**
 * Detectors the examples can train, by name. Built in:
 * <ul>
 *   <li>{@code resnet}: a small torchvision-topology ResNet (width 8, one bottleneck per stage, one
 *       logit) at {@link TrainingSettings#inputSize()}, Adam with a cosine schedule, flips;
 *   <li>{@code cnnspot}: the same small ResNet with CNNSpot's single logit and its Blur+JPEG
 *       augmentation at probability 0.1 (CNNSpot's recipe scaled down to small images);
 *   <li>{@code spec}: genimage-detectors' registered {@link Spec} (the AutoGAN log-spectrum as
 *       input) with a small body (stem 8, BasicBlock widths 8/16/16/32, one block per stage, two
 *       logits) at {@link TrainingSettings#inputSize()}, as in that module's Spec learning test;
 *       Adam with a cosine schedule, flips (a flip leaves the magnitude spectrum's peaks in place);
 *   <li>{@code resnet50}, {@code cnnspot50}: the full-size networks at 224 pixels (slow on a CPU);
 *   <li>{@code periodic-artifact}: genimage-spectral's training-free spectral-peak detector ("trains"
 *       instantly: the data is ignored).
 * </ul>
 * Any other name is looked up in the detectors' registry ({@link Architectures}), so every registered
 * family is trained by name without an edit here: a family's named variant ({@link
 * Architectures#variants()}: {@code f3net}, {@code gramnet}, {@code deit_s}, {@code swin_t}, ...) is
 * built as its provider declares it, unless {@link #configs} holds a config under that name; a family
 * name is given the JSON config from {@link #configs} under that name, or an empty object {@code {}}
 * (a provider that accepts it builds its default variant). A {@code --detector-config} entry named
 * {@code spec} replaces the built-in small Spec.
 */
public final class DetectorRecipes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> BUILT_IN = new LinkedHashMap<>();

  static {
    BUILT_IN.put("resnet", "small ResNet (width 8, 1 block per stage), 1 logit, flips");
    BUILT_IN.put("cnnspot", "small ResNet, 1 logit, CNNSpot Blur+JPEG(0.1) augmentation, flips");
    BUILT_IN.put("spec", "Spec (AutoGAN spectrum input), small ResNet of BasicBlocks (widths 8-32,"
        + " 1 block per stage), 2 logits, flips");
    BUILT_IN.put("resnet50", "torchvision ResNet-50, 1 logit, 224 px (slow on CPU)");
    BUILT_IN.put("cnnspot50", "CNNSpot: ResNet-50, 1 logit, Blur+JPEG(0.5), 224 crops (slow on CPU)");
    BUILT_IN.put("periodic-artifact", "training-free spectral-peak score (genimage-spectral)");
  }

  private DetectorRecipes() {}

  /**
   * The names this build can train: the built-in recipes, then the registered families' variants and
   * the families not already covered.
   *
   * @return name to a one-line description, in a stable order
   */
  public static Map<String, String> available() {
    Map<String, String> m = new LinkedHashMap<>(BUILT_IN);
    Architectures.variants().forEach((variant, description) -> m.putIfAbsent(variant, description));
    for (String family : new TreeMap<>(Architectures.providers()).keySet()) {
      if (!family.equals(ResNet.FAMILY)) {
        m.putIfAbsent(family, "architecture family '" + family + "' from the detectors registry");
      }
    }
    return m;
  }

  /**
   * Whether a name can be trained by this build.
   *
   * @param name a recipe or family name
   * @return true if {@link #trainer} will accept it
   */
  public static boolean isAvailable(String name) {
    return available().containsKey(normalise(name));
  }

  /**
   * Reads per-family JSON configs for registry families, e.g. {@code {"spec": {...}}}.
   *
   * @param file a JSON object file, or null
   * @return family to config (empty for null)
   * @throws BadArgumentException if the file is unreadable or not a JSON object
   */
  public static Map<String, JsonNode> configs(Path file) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    if (file == null) {
      return m;
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      if (root == null || !root.isObject()) {
        throw new BadArgumentException("detector-config", file.toString(),
            "a JSON object of family name to config");
      }
      root.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
      return m;
    } catch (IOException e) {
      throw new BadArgumentException("detector-config", file.toString(),
          "a readable JSON file (" + e.getMessage() + ")");
    }
  }

  /**
   * A trainer for a named recipe.
   *
   * @param name a built-in recipe or a registered family
   * @param settings sizes, epochs, batch, learning rate, seed, checkpoints
   * @param configs JSON configs of registry families by name (may be empty)
   * @return the trainer; its {@link DetectorTrainer#name()} is {@code name}
   * @throws BadArgumentException naming the available recipes if the name is unknown, or if a
   *     registry family rejects its config
   */
  public static DetectorTrainer trainer(String name, TrainingSettings settings,
      Map<String, JsonNode> configs) {
    String n = normalise(Checks.notBlank("detector", name));
    Checks.notNull("settings", settings);
    int size = settings.inputSize();
    switch (n) {
      case "resnet":
        // One logit (BCE), as CNNSpot has; Spec below uses the trainer's two-class loss.
        return sameDiff(n, new ResNet(new ResNetConfig("resnet-small", 8, new int[] {1, 1, 1, 1},
            Head.SINGLE_LOGIT, PreprocessingPipeline.imagenet(0, size))), settings, new HorizontalFlip(0.5));
      case "cnnspot":
        return sameDiff(n, new ResNet(new ResNetConfig("cnnspot-small", 8, new int[] {1, 1, 1, 1},
            Head.SINGLE_LOGIT, PreprocessingPipeline.imagenet(0, size))), settings,
            BlurJpegAugmentation.cnnSpot(0.1).andThen(new HorizontalFlip(0.5)));
      case "resnet50":
        return sameDiff(n, new ResNet(ResNetConfig.resnet50(Head.SINGLE_LOGIT)), settings,
            new HorizontalFlip(0.5));
      case "cnnspot50":
        return sameDiff(n, CnnSpot.architecture(), settings, CnnSpot.augmentation(0.5,
            CnnSpot.CROP));
      case "periodic-artifact":
        return new TrainingFree();
      case "spec":
        if (!configs.containsKey(n)) {
          return sameDiff(n, smallSpec(size), settings, new HorizontalFlip(0.5));
        }
        break;
      default:
        break;
    }
    if (!configs.containsKey(n) && Architectures.variants().containsKey(n)) {
      return sameDiff(n, Architectures.variant(n), settings, new HorizontalFlip(0.5));
    }
    Map<String, ArchitectureProvider> families = Architectures.providers();
    ArchitectureProvider provider = families.get(n);
    if (provider == null) {
      throw new BadArgumentException("detector", name, "one of " + available().keySet());
    }
    JsonNode config = configs.getOrDefault(n, JSON.createObjectNode());
    Architecture architecture;
    try {
      architecture = provider.fromConfig(config);
    } catch (RuntimeException e) {
      throw new BadArgumentException("detector", name, "a family whose provider accepts the config "
          + config + " (" + e.getMessage() + "); pass one with --detector-config");
    }
    return sameDiff(n, architecture, settings, new HorizontalFlip(0.5));
  }

  /**
   * Splits a comma-separated list of names.
   *
   * @param list e.g. {@code "resnet,cnnspot,spec"}
   * @return the names, trimmed, lower case
   */
  public static List<String> parseList(String list) {
    List<String> out = new ArrayList<>();
    for (String s : Checks.notNull("list", list).split(",")) {
      if (!s.isBlank()) {
        out.add(normalise(s));
      }
    }
    return out;
  }

  /**
   * The demo's small Spec: the paper's spectrum input at {@code size} pixels (no resize, no crop)
   * and a small ResNet of BasicBlocks (stem 8, widths 8/16/16/32, one block per stage, two logits),
   * the configuration of genimage-detectors' Spec learning test.
   *
   * @param size input side
   * @return the architecture (registered family {@code spec}, so its saved files load anywhere)
   */
  public static Spec smallSpec(int size) {
    return new Spec(new SpecConfig(size, size,
        new ResNetBasic(8, new int[] {8, 16, 16, 32}, new int[] {1, 1, 1, 1})));
  }

  private static String normalise(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  private static SameDiffTrainer sameDiff(String name, Architecture arch, TrainingSettings s,
      ImageTransform augmentation) {
    TrainerConfig config = new TrainerConfig(s.epochs(), s.batchSize(),
        OptimizerConfig.adam(s.learningRate()), LrSchedule.cosine(1, s.learningRate() / 20),
        s.seed(), 0, s.checkpointDir(), s.checkpointDir() != null)
        .withBackend(s.backend()).withCheckpointEverySteps(s.checkpointEverySteps());
    return new SameDiffTrainer(name, arch, config, augmentation);
  }

  /** A "trainer" that returns the training-free spectral detector, ignoring the data. */
  private static final class TrainingFree implements DetectorTrainer {
    @Override
    public String name() {
      return "periodic-artifact";
    }

    @Override
    public Map<String, String> settings() {
      return Map.of("training", "none (training-free)",
          "config", PeriodicArtifactDetector.withDefaults().config().toString());
    }

    @Override
    public Detector train(Dataset training, Dataset validation, TrainingListener listener) {
      return PeriodicArtifactDetector.withDefaults();
    }
  }
}
