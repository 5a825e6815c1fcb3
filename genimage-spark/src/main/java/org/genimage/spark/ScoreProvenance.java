package org.genimage.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ModelProvenance;
import org.genimage.api.internal.Checks;

/**
 * Where a score output came from, as every Parquet file {@link SparkScorer#write} writes keeps it
 * in its footer's key-value metadata (what {@code ParquetFileReader}'s footer, {@code parquet-tools
 * meta} or pyarrow's {@code read_metadata} show): flat text under {@value #PREFIX} keys, so any
 * Parquet reader can read it without genimage.
 *
 * <table>
 * <caption>Footer keys</caption>
 * <tr><th>key</th><th>value</th></tr>
 * <tr><td>{@code genimage.version}</td><td>the genimage version that scored</td></tr>
 * <tr><td>{@code genimage.detector.sha256}</td><td>SHA-256 of the detector file</td></tr>
 * <tr><td>{@code genimage.model.<key>}</td><td>the detector's {@link ModelProvenance#asMap()}</td></tr>
 * <tr><td>{@code genimage.conditions}, {@code genimage.condition.<i>}</td><td>how many conditions, each name</td></tr>
 * <tr><td>{@code genimage.settings.<key>}</td><td>the settings the scorer applies: {@code degradationTarget}, {@code seed}, {@code smallImagePolicy} (as {@code ProtocolSettings.describe()} writes them)</td></tr>
 * <tr><td>{@code genimage.manifest.sha256}</td><td>{@code ManifestHash} of the samples (ids and labels, any order)</td></tr>
 * <tr><td>{@code genimage.order.sha256}</td><td>SHA-256 of the sample ids in their given order: partitions are cut from it</td></tr>
 * <tr><td>{@code genimage.samples}, {@code genimage.partitions}</td><td>the run's sample and partition counts</td></tr>
 * <tr><td>{@code genimage.partition}</td><td>which partition this file holds (per file)</td></tr>
 * <tr><td>{@code genimage.scoreSchema}</td><td>the score rows' schema ({@code ScoreRows.SCHEMA.json()}); absent in outputs written before it was recorded</td></tr>
 * <tr><td>{@code genimage.batchSize}</td><td>the images per forward pass of the task that wrote this file (per file)</td></tr>
 * </table>
 *
 * @param genimageVersion the genimage version that scored
 * @param detectorSha256 the detector file's SHA-256, 64 hex digits
 * @param model the detector's provenance as its file records it
 * @param conditions the condition names, in order
 * @param settings the settings the scorer applies, by {@code ProtocolSettings.describe()} key
 * @param manifestSha256 the samples' {@code ManifestHash} ({@code sha256:} and 64 hex digits)
 * @param orderSha256 the SHA-256 of the sample ids in order
 * @param samples how many samples the run scores
 * @param partitions how many partitions (files) the run writes
 * @param scoreSchema the score rows' schema as Spark's JSON ({@link ScoreRows#SCHEMA}), so that a
 *     resume never mixes parts of two schemas (the read schema would then depend on file order);
 *     empty for an output written before it was recorded, which a resume therefore refuses
 */
public record ScoreProvenance(String genimageVersion, String detectorSha256, ModelProvenance model,
    List<String> conditions, Map<String, String> settings, String manifestSha256,
    String orderSha256, int samples, int partitions, Optional<String> scoreSchema) {
  /** The prefix of every key genimage writes to a footer. */
  public static final String PREFIX = "genimage.";
  /** The key of the partition a file holds; per file. */
  public static final String PARTITION = PREFIX + "partition";
  /**
   * The key of the images per forward pass the task that wrote a file used (the configured batch
   * size, else the detector's preferred one, known only on the executor); per file.
   */
  public static final String BATCH_SIZE = PREFIX + "batchSize";
  static final String MODEL = PREFIX + "model.";
  static final String SETTINGS = PREFIX + "settings.";
  /** The key of the score rows' schema. */
  public static final String SCORE_SCHEMA = PREFIX + "scoreSchema";

  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for a null or blank component or a negative count
   */
  public ScoreProvenance {
    Checks.notBlank("genimageVersion", genimageVersion);
    Checks.notBlank("detectorSha256", detectorSha256);
    Checks.notNull("model", model);
    conditions = List.copyOf(Checks.notEmpty("conditions", conditions));
    settings = java.util.Collections.unmodifiableMap(new TreeMap<>(Checks.notNull("settings",
        settings)));
    Checks.notBlank("manifestSha256", manifestSha256);
    Checks.notBlank("orderSha256", orderSha256);
    Checks.nonNegative("samples", samples);
    Checks.nonNegative("partitions", partitions);
    Checks.notNull("scoreSchema", scoreSchema);
  }

  /**
   * The footer entries (without the per-file {@value #PARTITION}).
   *
   * @return sorted entries, all under {@value #PREFIX}
   */
  public Map<String, String> toMetadata() {
    Map<String, String> m = new TreeMap<>(runEntries());
    model.asMap().forEach((k, v) -> m.put(MODEL + k, v));
    return m;
  }

  /**
   * The entries that must agree between a run and the output it resumes: everything but the model's
   * own (which follow from the detector file's digest) and the per-file partition and batch size.
   * The score schema is among them: an output of an older build, without it or with another, is
   * another run's.
   */
  Map<String, String> runEntries() {
    Map<String, String> m = new TreeMap<>();
    m.put(PREFIX + "version", genimageVersion);
    m.put(PREFIX + "detector.sha256", detectorSha256);
    m.put(PREFIX + "conditions", Integer.toString(conditions.size()));
    for (int i = 0; i < conditions.size(); i++) {
      m.put(PREFIX + "condition." + i, conditions.get(i));
    }
    settings.forEach((k, v) -> m.put(SETTINGS + k, v));
    m.put(PREFIX + "manifest.sha256", manifestSha256);
    m.put(PREFIX + "order.sha256", orderSha256);
    m.put(PREFIX + "samples", Integer.toString(samples));
    m.put(PREFIX + "partitions", Integer.toString(partitions));
    scoreSchema.ifPresent(v -> m.put(SCORE_SCHEMA, v));
    return m;
  }

  /**
   * Reads the entries back (keys not under {@value #PREFIX}, such as Spark's schema, are ignored).
   *
   * @param metadata a footer's key-value metadata
   * @return the provenance
   * @throws BadArgumentException if a key is missing or a count does not parse
   */
  public static ScoreProvenance fromMetadata(Map<String, String> metadata) {
    Checks.notNull("metadata", metadata);
    Map<String, String> model = new TreeMap<>();
    Map<String, String> settings = new TreeMap<>();
    metadata.forEach((k, v) -> {
      if (k.startsWith(MODEL)) {
        model.put(k.substring(MODEL.length()), v);
      } else if (k.startsWith(SETTINGS)) {
        settings.put(k.substring(SETTINGS.length()), v);
      }
    });
    int n = count(metadata, "conditions");
    List<String> conditions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      conditions.add(required(metadata, "condition." + i));
    }
    return new ScoreProvenance(required(metadata, "version"), required(metadata, "detector.sha256"),
        ModelProvenance.fromMap(model), conditions, settings, required(metadata, "manifest.sha256"),
        required(metadata, "order.sha256"), count(metadata, "samples"),
        count(metadata, "partitions"), Optional.ofNullable(metadata.get(SCORE_SCHEMA)));
  }

  private static String required(Map<String, String> m, String key) {
    String v = m.get(PREFIX + key);
    if (v == null) {
      throw new BadArgumentException("metadata", "has no " + PREFIX + key
          + " entry: not a file genimage's SparkScorer.write wrote");
    }
    return v;
  }

  private static int count(Map<String, String> m, String key) {
    String v = required(m, key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new BadArgumentException(PREFIX + key, v, "a count");
    }
  }
}
