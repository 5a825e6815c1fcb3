package org.genimage.api;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.genimage.api.internal.Checks;

/**
 * Where a model came from: the library that made it, its architecture's configuration, the source of its
 * weights and, for a model trained here, how it was trained. Detector files store it, {@link DetectorInfo}
 * carries it and evaluation results record it. {@link #asMap()} gives the flat text form reports and run
 * directories keep; {@link #fromMap} reads that form (and the string maps of files written before typed
 * provenance) back.
 *
 * @param genimageVersion the genimage version that made the model, empty when unknown
 * @param family the architecture family ({@code resnet}), empty for a model that is not a network
 * @param architecture the architecture's display name ({@code resnet50}), empty when unknown
 * @param architectureConfig every field of the architecture's configuration record, flattened to text with
 *     dotted names ({@code preprocessing.resize}), sorted
 * @param weights where the weights came from
 * @param weightsSha256 the digest of the weights as loaded ({@code 64 hex digits}), or a note that they were
 *     not verified, empty when not computed
 * @param training how the model was trained, or null when it was not trained by genimage
 * @param notes any other entries (user notes, entries of an older file this version does not type), sorted
 */
public record ModelProvenance(String genimageVersion, String family, String architecture,
    Map<String, String> architectureConfig, WeightsSource weights, String weightsSha256,
    TrainingProvenance training, Map<String, String> notes) {
  /** Flat key of {@link #genimageVersion()}. */
  public static final String VERSION = "genimage.version";
  /** Flat key of {@link #architecture()}. */
  public static final String ARCHITECTURE = "architecture";
  /** Flat key of {@link #family()}. */
  public static final String FAMILY = "architecture.family";
  /** Flat key prefix of {@link #architectureConfig()}. */
  public static final String CONFIG = "architecture.config.";
  /** Flat key of {@link #weightsSha256()}. */
  public static final String WEIGHTS_SHA256 = "weights.sha256";
  /** Flat key of the weights' {@link WeightsSource#kind()}. */
  public static final String WEIGHTS_SOURCE = "weights.source";
  /** Flat key of the weights' {@link WeightsSource#file()}. */
  public static final String WEIGHTS_FILE = "weights.file";
  /** Flat key of the weights' {@link WeightsSource#sha256()}. */
  public static final String WEIGHTS_FILE_SHA256 = "weights.file.sha256";
  /** The key older files recorded an import under (the file name, no digest). */
  static final String LEGACY_IMPORTED = "imported.from";

  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for a null component (but {@code training})
   */
  public ModelProvenance {
    Checks.notNull("genimageVersion", genimageVersion);
    Checks.notNull("family", family);
    Checks.notNull("architecture", architecture);
    architectureConfig = sorted(Checks.notNull("architectureConfig", architectureConfig));
    Checks.notNull("weights", weights);
    Checks.notNull("weightsSha256", weightsSha256);
    notes = sorted(Checks.notNull("notes", notes));
  }

  /**
   * Provenance that records nothing but notes (a detector that is not a network, a test double).
   *
   * @param notes the notes
   * @return the provenance
   */
  public static ModelProvenance ofNotes(Map<String, String> notes) {
    return new ModelProvenance("", "", "", Map.of(), WeightsSource.of(WeightsSource.Kind.UNKNOWN), "", null,
        notes);
  }

  /**
   * How the model was trained.
   *
   * @return the training, empty when it was not trained by genimage
   */
  public Optional<TrainingProvenance> trainingRun() {
    return Optional.ofNullable(training);
  }

  /**
   * A copy with another weight digest (a loader sets the digest it verified).
   *
   * @param digest the digest or a note
   * @return the copy
   */
  public ModelProvenance withWeightsSha256(String digest) {
    return new ModelProvenance(genimageVersion, family, architecture, architectureConfig, weights, digest,
        training, notes);
  }

  /**
   * The flat text form: every field under a dotted key ({@value #VERSION}, {@code seed}, {@code epochs.run},
   * {@code validation.auc}, {@code settings.optimizer.kind}, ...), empty fields left out, notes as they are.
   * The training keys are those detector files used before typed provenance, so reports read the same.
   *
   * @return the entries, sorted, immutable
   */
  public Map<String, String> asMap() {
    Map<String, String> m = new TreeMap<>(notes);
    putIfSet(m, VERSION, genimageVersion);
    putIfSet(m, FAMILY, family);
    putIfSet(m, ARCHITECTURE, architecture);
    architectureConfig.forEach((k, v) -> m.put(CONFIG + k, v));
    if (weights.kind() != WeightsSource.Kind.UNKNOWN) {
      m.put(WEIGHTS_SOURCE, weights.kind().name().toLowerCase(Locale.ROOT));
    }
    putIfSet(m, WEIGHTS_FILE, weights.file());
    putIfSet(m, WEIGHTS_FILE_SHA256, weights.sha256());
    putIfSet(m, WEIGHTS_SHA256, weightsSha256);
    if (training != null) {
      TrainingProvenance t = training;
      m.put("trainer", t.trainer());
      putIfSet(m, "trainer.engine", t.engine());
      putIfSet(m, "training.manifest", t.trainingManifest());
      putIfSet(m, "validation.manifest", t.validationManifest());
      m.put("seed", Long.toString(t.seed()));
      m.put("epochs", Integer.toString(t.epochs()));
      m.put("epochs.run", Integer.toString(t.epochsRun()));
      m.put("epoch.best", Integer.toString(t.bestEpoch()));
      t.validation().forEach((k, v) -> m.put("validation." + k, String.valueOf(v)));
      if (t.start().kind() != WeightsSource.Kind.UNKNOWN) {
        m.put("training.start", t.start().kind().name().toLowerCase(Locale.ROOT));
      }
      putIfSet(m, "training.start.file", t.start().file());
      putIfSet(m, "training.start.sha256", t.start().sha256());
      t.config().forEach((k, v) -> m.put("settings." + k, v));
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * Reads the flat text form back: {@link #asMap()}'s keys become typed fields, and so do the keys of files
   * written before typed provenance ({@code trainer}, {@code seed}, {@code epochs.run}, {@code epoch.best},
   * {@code training.manifest}, {@code validation.<metric>}, {@code settings.<key>}, {@code imported.from});
   * anything else, and any value that does not parse, stays a note.
   *
   * @param map the entries
   * @return the provenance
   */
  public static ModelProvenance fromMap(Map<String, String> map) {
    Map<String, String> rest = new TreeMap<>(Checks.notNull("provenance", map));
    String version = take(rest, VERSION);
    String family = take(rest, FAMILY);
    String architecture = take(rest, ARCHITECTURE);
    Map<String, String> config = takePrefix(rest, CONFIG);
    String digest = take(rest, WEIGHTS_SHA256);
    WeightsSource weights = source(rest, WEIGHTS_SOURCE, WEIGHTS_FILE, WEIGHTS_FILE_SHA256);
    if (weights.kind() == WeightsSource.Kind.UNKNOWN && rest.containsKey(LEGACY_IMPORTED)) {
      weights = new WeightsSource(WeightsSource.Kind.IMPORTED, take(rest, LEGACY_IMPORTED), "");
    }
    TrainingProvenance training = null;
    if (rest.containsKey("trainer")) {
      training = training(rest);
      if (training != null && weights.kind() == WeightsSource.Kind.UNKNOWN) {
        weights = WeightsSource.of(WeightsSource.Kind.TRAINED);
      }
    }
    return new ModelProvenance(version, family, architecture, config, weights, digest, training, rest);
  }

  /** The training fields, taken out of {@code rest}; null (and nothing taken) when a number does not parse. */
  private static TrainingProvenance training(Map<String, String> rest) {
    Map<String, String> copy = new TreeMap<>(rest);
    try {
      String trainer = take(copy, "trainer");
      String engine = take(copy, "trainer.engine");
      String trainingManifest = take(copy, "training.manifest");
      String validationManifest = take(copy, "validation.manifest");
      long seed = Long.parseLong(take(copy, "seed", "0"));
      int epochsRun = Integer.parseInt(take(copy, "epochs.run", "0"));
      int best = Integer.parseInt(take(copy, "epoch.best", "0"));
      Map<String, String> settings = takePrefix(copy, "settings.");
      // Files before typed provenance recorded the configured maximum among the trainer's settings only.
      String epochsText = copy.containsKey("epochs") ? take(copy, "epochs") : settings.getOrDefault("epochs",
          Integer.toString(epochsRun));
      int epochs = Integer.parseInt(epochsText);
      Map<String, Double> validation = new TreeMap<>();
      takePrefix(copy, "validation.").forEach((k, v) -> validation.put(k, Double.parseDouble(v)));
      WeightsSource start = source(copy, "training.start", "training.start.file", "training.start.sha256");
      TrainingProvenance t = new TrainingProvenance(trainer, seed, epochs, epochsRun, best, trainingManifest,
          validationManifest, validation, engine, start, settings);
      rest.clear();
      rest.putAll(copy);
      return t;
    } catch (NumberFormatException | BadArgumentException e) {
      return null;
    }
  }

  private static WeightsSource source(Map<String, String> rest, String kindKey, String fileKey, String shaKey) {
    String kind = rest.get(kindKey);
    if (kind == null) {
      return WeightsSource.of(WeightsSource.Kind.UNKNOWN);
    }
    try {
      WeightsSource s = new WeightsSource(WeightsSource.Kind.valueOf(kind.toUpperCase(Locale.ROOT)),
          rest.getOrDefault(fileKey, ""), rest.getOrDefault(shaKey, ""));
      rest.remove(kindKey);
      rest.remove(fileKey);
      rest.remove(shaKey);
      return s;
    } catch (IllegalArgumentException e) {
      return WeightsSource.of(WeightsSource.Kind.UNKNOWN); // not ours: stays a note
    }
  }

  private static String take(Map<String, String> m, String key) {
    return take(m, key, "");
  }

  private static String take(Map<String, String> m, String key, String otherwise) {
    String v = m.remove(key);
    return v == null ? otherwise : v;
  }

  private static Map<String, String> takePrefix(Map<String, String> m, String prefix) {
    Map<String, String> out = new TreeMap<>();
    m.entrySet().removeIf(e -> {
      if (e.getKey().startsWith(prefix)) {
        out.put(e.getKey().substring(prefix.length()), e.getValue());
        return true;
      }
      return false;
    });
    return out;
  }

  private static void putIfSet(Map<String, String> m, String key, String value) {
    if (!value.isEmpty()) {
      m.put(key, value);
    }
  }

  private static Map<String, String> sorted(Map<String, String> m) {
    return Collections.unmodifiableMap(new TreeMap<>(m));
  }
}
