package org.genimage.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Dataset;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.dataset.Manifests;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.ScoreCell;

/**
 * Scores samples with a saved detector on a Spark cluster.
 *
 * <pre>{@code
 * try (SparkScorer scorer = SparkScorer.builder(spark)
 *     .detectorFile(Path.of("resnet50-sd14.gidet"))      // required: a file Detector.save wrote
 *     .conditions("clean", "jpeg30", "blurSigma3")       // optional; default "clean"
 *     .build()) {
 *   org.apache.spark.sql.Dataset<Row> rows = scorer.score(DatasetIndex.load(index).split(Split.VAL));
 *   rows.write().parquet("scores.parquet");
 * }
 * }</pre>
 *
 * <p>The samples become {@link SampleRef}s split into partitions. The detector file is read once on
 * the driver and broadcast as bytes; each executor opens it once per task slot and keeps it for later
 * partitions. Each task decodes its images by path (so the files must be readable on every executor:
 * HDFS-fuse, NFS, a local copy), applies the conditions' degradations exactly as
 * {@link org.genimage.eval.Experiment} does (per the settings' {@link
 * org.genimage.eval.DegradationTarget}, seed and small-image policy) and scores in batches. The
 * result has one row per sample and condition ({@link ScoreRows#SCHEMA}); an image that fails to
 * decode gives a row with its path and problem instead of a score and never fails the job.
 *
 * <p>The returned DataFrame is lazy: each action (count, write, collect) scores again, so write it
 * once or {@code cache()} it. {@link #close()} releases the broadcast.
 */
public final class SparkScorer implements AutoCloseable {
  private final SparkSession spark;
  private final String detectorKey;
  private final Broadcast<byte[]> detectorBytes;
  private final List<String> conditions;
  private final TransformResolver resolver;
  private final ImageLoaderFactory loaderFactory;
  private final ProtocolSettings settings;
  private final int batchSize;
  private final int partitions;
  private final int partitionSize;

  private SparkScorer(Builder b, byte[] bytes) {
    this.spark = b.spark;
    this.detectorKey = sha256(bytes);
    this.detectorBytes = JavaSparkContext.fromSparkContext(b.spark.sparkContext()).broadcast(bytes);
    this.conditions = List.copyOf(b.conditions);
    this.resolver = b.resolver;
    this.loaderFactory = b.loaderFactory;
    this.settings = b.settings;
    this.batchSize = b.batchSize;
    this.partitions = b.partitions;
    this.partitionSize = b.partitionSize;
  }

  /**
   * A builder; {@link Builder#detectorFile(Path)} is required.
   *
   * @param spark the session to run in
   * @return a new builder
   */
  public static Builder builder(SparkSession spark) {
    return new Builder(Checks.notNull("spark", spark));
  }

  /**
   * The SHA-256 of the detector file: the key executors cache the open detector under.
   *
   * @return 64 hex digits
   */
  public String detectorKey() {
    return detectorKey;
  }

  /**
   * The conditions every sample is scored under.
   *
   * @return the names, {@code "clean"} meaning no degradation
   */
  public List<String> conditions() {
    return conditions;
  }

  /**
   * Scores a dataset's samples (its index, manifest or any other list of files).
   *
   * @param dataset the dataset; only its samples' paths are used, executors decode them
   * @return one row per sample and condition, lazily computed
   */
  public org.apache.spark.sql.Dataset<Row> score(Dataset dataset) {
    return score(Checks.notNull("dataset", dataset).samples());
  }

  /**
   * Scores the samples of a manifest written by {@link Manifests#write}, read with {@link
   * Manifests#read(Path)}: its paths must lie under the manifest's folder. For a trusted manifest
   * listing files elsewhere, pass {@code Manifests.read(file, PathPolicy.ALLOW_OUTSIDE_ROOT)
   * .samples()} to {@link #score(List)}.
   *
   * @param manifest the manifest file
   * @return one row per sample and condition, lazily computed
   */
  public org.apache.spark.sql.Dataset<Row> scoreManifest(Path manifest) {
    return score(Manifests.read(Checks.notNull("manifest", manifest)).samples());
  }

  /**
   * Scores samples.
   *
   * @param samples the samples, with unique ids
   * @return one row per sample and condition, lazily computed
   */
  public org.apache.spark.sql.Dataset<Row> score(List<Sample> samples) {
    Checks.notNull("samples", samples);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<SampleRef> refs = SampleRef.of(samples);
    int n = Math.max(1, partitions > 0 ? partitions
        : Math.max(jsc.defaultParallelism(), (refs.size() + partitionSize - 1) / partitionSize));
    JavaRDD<Row> rows = jsc.parallelize(refs, Math.min(n, Math.max(1, refs.size())))
        .mapPartitions(new PartitionScorer(detectorBytes, detectorKey, conditions, resolver,
            loaderFactory, settings.degradationTarget(), settings.seed(),
            settings.smallImagePolicy(), batchSize));
    return spark.createDataFrame(rows, ScoreRows.SCHEMA);
  }

  /**
   * Scores samples and collects one condition's rows into the evaluation API's cell form, in the
   * samples' order.
   *
   * @param samples the samples
   * @param condition one of {@link #conditions()}
   * @param cellId the cell id to store
   * @param fingerprint the fingerprint to store
   * @return the cell's scores
   */
  public org.genimage.eval.CellScores scoreCell(List<Sample> samples, String condition,
      String cellId, String fingerprint) {
    if (!conditions.contains(condition)) {
      throw new BadArgumentException("condition", condition, "one of " + conditions);
    }
    return ScoreRows.toCellScores(score(samples).collectAsList(), samples, condition, cellId,
        fingerprint);
  }

  /** Destroys the broadcast detector bytes; DataFrames from {@link #score} cannot be computed after. */
  @Override
  public void close() {
    detectorBytes.destroy();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Configures a {@link SparkScorer}; {@link #detectorFile(Path)} is required. */
  public static final class Builder {
    private final SparkSession spark;
    private Path detectorFile;
    private List<String> conditions = List.of(ScoreCell.CLEAN);
    private TransformResolver resolver = TransformResolver.paperDegradations();
    private ImageLoaderFactory loaderFactory = ImageLoaderFactory.standard();
    private ProtocolSettings settings = ProtocolSettings.defaults();
    private int batchSize;
    private int partitions;
    private int partitionSize = 256;

    private Builder(SparkSession spark) {
      this.spark = spark;
    }

    /**
     * Required: the detector, as saved by {@link org.genimage.api.Detector#save(Path)}; it must load
     * with {@link org.genimage.api.Detectors#load(Path)} on the executors.
     *
     * @param file the detector file
     * @return this builder
     */
    public Builder detectorFile(Path file) {
      this.detectorFile = Checks.notNull("detectorFile", file);
      return this;
    }

    /**
     * Optional: the conditions to score every sample under, each image decoded once. Default
     * {@code "clean"} only.
     *
     * @param names {@code "clean"} or names the {@link #resolver(TransformResolver)} knows
     * @return this builder
     */
    public Builder conditions(String... names) {
      Checks.notNull("conditions", names);
      if (names.length == 0) {
        throw new BadArgumentException("conditions", "is empty; give at least \"clean\"");
      }
      List<String> list = new ArrayList<>();
      for (String name : names) {
        Checks.notBlank("condition", name);
        if (list.contains(name)) {
          throw new BadArgumentException("conditions", name, "each name once");
        }
        if (!ScoreRows.isClean(name)) {
          resolver.resolve(name); // fail on the driver, not in a task
        }
        list.add(name);
      }
      this.conditions = list;
      return this;
    }

    /**
     * Optional: how condition names become degradations on the executors. Default {@link
     * TransformResolver#paperDegradations()}. Set it before {@link #conditions(String...)}.
     *
     * @param value the resolver
     * @return this builder
     */
    public Builder resolver(TransformResolver value) {
      this.resolver = Checks.notNull("resolver", value);
      return this;
    }

    /**
     * Optional: how executors decode images. Default {@link ImageLoaderFactory#standard()}.
     *
     * @param value the factory
     * @return this builder
     */
    public Builder loaderFactory(ImageLoaderFactory value) {
      this.loaderFactory = Checks.notNull("loaderFactory", value);
      return this;
    }

    /**
     * Optional: the degradation target, seed and small-image policy (the rest is unused here).
     * Default {@link ProtocolSettings#defaults()}.
     *
     * @param value the settings
     * @return this builder
     */
    public Builder settings(ProtocolSettings value) {
      this.settings = Checks.notNull("settings", value);
      return this;
    }

    /**
     * Optional: images per forward pass. Default: the detector's preferred batch size.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder batchSize(int value) {
      this.batchSize = Checks.positive("batchSize", value);
      return this;
    }

    /**
     * Optional: a fixed number of partitions. Default: enough for {@link #partitionSize(int)}
     * samples each, and at least Spark's default parallelism.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder partitions(int value) {
      this.partitions = Checks.positive("partitions", value);
      return this;
    }

    /**
     * Optional: the samples per partition when {@link #partitions(int)} is not set. Default 256: a
     * retried task redoes at most that many images.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder partitionSize(int value) {
      this.partitionSize = Checks.positive("partitionSize", value);
      return this;
    }

    /**
     * Reads the detector file and broadcasts it.
     *
     * @return the scorer; close it to release the broadcast
     * @throws BadModelFileException if the detector file is missing or unreadable
     * @throws BadArgumentException if no detector file was set
     */
    public SparkScorer build() {
      if (detectorFile == null) {
        throw new BadArgumentException("detectorFile", "is required: executors load the detector "
            + "from its saved file");
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(detectorFile);
      } catch (IOException e) {
        throw new BadModelFileException(detectorFile, "cannot be read", e);
      }
      return new SparkScorer(this, bytes);
    }
  }
}
