package org.genimage.eval;

import java.util.Map;
import java.util.TreeMap;
import org.genimage.api.Dataset;
import org.genimage.api.DetectorInfo;
import org.genimage.api.GenImageVersion;
import org.genimage.api.Label;
import org.genimage.api.ModelProvenance;
import org.genimage.api.internal.Checks;

/**
 * Where a result came from: enough to say exactly what was run, in the spirit of Tribuo's
 * provenance. Every map is sorted and immutable.
 *
 * @param libraryVersion genimage's version ({@link org.genimage.api.GenImageVersion#get()})
 * @param javaVersion the JVM's version
 * @param protocol the protocol's name
 * @param settings the {@link ProtocolSettings#describe()} text
 * @param detectors per detector key: name, architecture, input size, saved file and the detector's
 *     own provenance (training data hash, seed, epochs) as {@code provenance.<key>}
 * @param trainers per train cell: the trainer's name and settings
 * @param datasets per dataset name: its manifest hash and size
 * @param conditions per condition name: the transform's description
 * @param models per detector key: the detector's typed provenance ({@link DetectorInfo#modelProvenance()})
 */
public record RunProvenance(String libraryVersion, String javaVersion, String protocol,
    Map<String, String> settings, Map<String, Map<String, String>> detectors,
    Map<String, Map<String, String>> trainers, Map<String, String> datasets,
    Map<String, String> conditions, Map<String, ModelProvenance> models) {
  /**
   * Validates and copies the components.
   *
   * @throws org.genimage.api.BadArgumentException for a null component
   */
  public RunProvenance {
    Checks.notNull("libraryVersion", libraryVersion);
    Checks.notNull("javaVersion", javaVersion);
    Checks.notBlank("protocol", protocol);
    settings = sorted(Checks.notNull("settings", settings));
    detectors = nested(Checks.notNull("detectors", detectors));
    trainers = nested(Checks.notNull("trainers", trainers));
    datasets = sorted(Checks.notNull("datasets", datasets));
    conditions = sorted(Checks.notNull("conditions", conditions));
    models = java.util.Collections.unmodifiableMap(new TreeMap<>(Checks.notNull("models", models)));
  }

  /**
   * Provenance without typed model provenance (as recorded before it existed).
   *
   * @param libraryVersion genimage's version
   * @param javaVersion the JVM's version
   * @param protocol the protocol's name
   * @param settings the settings text
   * @param detectors per detector key: its description
   * @param trainers per train cell: the trainer's name and settings
   * @param datasets per dataset name: its manifest hash and size
   * @param conditions per condition name: the transform's description
   */
  public RunProvenance(String libraryVersion, String javaVersion, String protocol,
      Map<String, String> settings, Map<String, Map<String, String>> detectors,
      Map<String, Map<String, String>> trainers, Map<String, String> datasets,
      Map<String, String> conditions) {
    this(libraryVersion, javaVersion, protocol, settings, detectors, trainers, datasets, conditions, Map.of());
  }

  /**
   * The provenance of an executed plan.
   *
   * @param protocol the protocol's name
   * @param plan the plan
   * @param infos per detector key, the detector's info
   * @param files per detector key, where it was saved or why not
   */
  static RunProvenance of(String protocol, ExperimentPlan plan, Map<String, DetectorInfo> infos,
      Map<String, String> files) {
    Map<String, Map<String, String>> detectors = new TreeMap<>();
    Map<String, ModelProvenance> models = new TreeMap<>();
    infos.forEach((key, info) -> {
      models.put(key, info.modelProvenance());
      Map<String, String> m = new TreeMap<>();
      m.put("name", info.name());
      m.put("architecture", info.architecture());
      m.put("inputSize", Integer.toString(info.inputSize()));
      m.put("trainedOn", plan.trainedOn(key));
      m.put("file", files.getOrDefault(key, "(given by the caller)"));
      info.provenance().forEach((k, v) -> m.put("provenance." + k, v));
      detectors.put(key, m);
    });
    Map<String, Map<String, String>> trainers = new TreeMap<>();
    Map<String, String> datasets = new TreeMap<>();
    for (TrainCell t : plan.trainCells()) {
      Map<String, String> m = new TreeMap<>(t.trainer().settings());
      m.put("trainer", t.trainer().name());
      m.put("training", t.training().name());
      m.put("validation", t.validation().name());
      trainers.put(t.id(), m);
      datasets.put(t.training().name(), describe(t.training()));
      datasets.put(t.validation().name(), describe(t.validation()));
    }
    Map<String, String> conditions = new TreeMap<>();
    for (ScoreCell c : plan.scoreCells()) {
      datasets.put(c.test().name(), describe(c.test()));
      conditions.put(c.condition(), c.isClean() ? "none" : c.degradation().description());
    }
    return new RunProvenance(GenImageVersion.get(), System.getProperty("java.version"), protocol,
        plan.settings().describe(), detectors, trainers, datasets, conditions, models);
  }

  private static String describe(Dataset d) {
    return ManifestHash.of(d) + " (" + d.size() + " samples: " + d.count(Label.REAL) + " real, "
        + d.count(Label.FAKE) + " fake)";
  }

  private static Map<String, String> sorted(Map<String, String> m) {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(m));
  }

  private static Map<String, Map<String, String>> nested(Map<String, Map<String, String>> m) {
    TreeMap<String, Map<String, String>> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, sorted(v)));
    return java.util.Collections.unmodifiableMap(out);
  }
}
