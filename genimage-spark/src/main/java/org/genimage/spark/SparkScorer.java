package org.genimage.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Dataset;
import org.genimage.api.GenImageVersion;
import org.genimage.api.ReadLimits;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.dataset.Manifests;
import org.genimage.eval.ManifestHash;
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
 * the driver (through Hadoop's {@code FileSystem}: a local path or any URI it knows, {@code
 * hdfs://}, {@code s3a://}, {@code file://}) and broadcast as bytes; each executor opens it once per
 * task slot and keeps it for later partitions. Each task reads its images' bytes from their
 * locations through Hadoop's {@code FileSystem} with the driver's Hadoop configuration (so no shared
 * mount is needed), decodes them, applies the conditions' degradations exactly as
 * {@link org.genimage.eval.Experiment} does (per the settings' {@link
 * org.genimage.eval.DegradationTarget}, seed and small-image policy) and scores in batches. The
 * result has one row per sample and condition ({@link ScoreRows#SCHEMA}); an image that fails to
 * decode gives a row with its path and problem instead of a score and never fails the job.
 *
 * <p>The returned DataFrame is lazy: each action (count, write, collect) scores again, so write it
 * once or {@code cache()} it. {@link #write(List, String)} instead writes one Parquet file per
 * partition with the run's {@link ScoreProvenance} in each footer, and resumes: partitions already
 * in the output are not scored again. {@link #close()} releases the broadcasts.
 */
public final class SparkScorer implements AutoCloseable {
  private final SparkSession spark;
  private final String detectorKey;
  private final Broadcast<byte[]> detectorBytes;
  private final Broadcast<HadoopConf> hadoopConf;
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
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(b.spark.sparkContext());
    this.detectorBytes = jsc.broadcast(bytes);
    this.hadoopConf = jsc.broadcast(new HadoopConf(b.spark.sparkContext().hadoopConfiguration()));
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
    return scoreManifest(Checks.notNull("manifest", manifest).toString());
  }

  /**
   * Scores the samples of a manifest at a location: a local path, or a Hadoop FileSystem URI read
   * on the driver through Hadoop (its relative paths then resolve against the manifest's folder on
   * that file system, and executors read the images from there).
   *
   * @param manifest the manifest's location
   * @return one row per sample and condition, lazily computed
   * @throws org.genimage.api.BadDatasetLayoutException naming the location if it is missing,
   *     unreadable or malformed
   */
  public org.apache.spark.sql.Dataset<Row> scoreManifest(String manifest) {
    Checks.notBlank("manifest", manifest);
    return scoreRefs(ManifestLocations.read(manifest, hadoopConfiguration()).refs());
  }

  /**
   * Scores samples.
   *
   * @param samples the samples, with unique ids
   * @return one row per sample and condition, lazily computed
   */
  public org.apache.spark.sql.Dataset<Row> score(List<Sample> samples) {
    return scoreRefs(SampleRef.of(Checks.notNull("samples", samples)));
  }

  private org.apache.spark.sql.Dataset<Row> scoreRefs(List<SampleRef> refs) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int n = Math.max(1, partitions > 0 ? partitions
        : Math.max(jsc.defaultParallelism(), (refs.size() + partitionSize - 1) / partitionSize));
    JavaRDD<Row> rows = jsc.parallelize(refs, Math.min(n, Math.max(1, refs.size())))
        .mapPartitions(partitionScorer());
    return spark.createDataFrame(rows, ScoreRows.SCHEMA);
  }

  private PartitionScorer partitionScorer() {
    return new PartitionScorer(detectorBytes, hadoopConf, detectorKey, conditions, resolver,
        loaderFactory, settings.degradationTarget(), settings.seed(), settings.smallImagePolicy(),
        batchSize);
  }

  private Configuration hadoopConfiguration() {
    return spark.sparkContext().hadoopConfiguration();
  }

  /**
   * Scores the samples of a manifest at a location (see {@link #scoreManifest(String)}) into an
   * output folder, resuming (see {@link #write(List, String)}).
   *
   * @param manifest the manifest's location
   * @param output the output folder: a local path or a Hadoop FileSystem URI
   * @return what was written and what was already there
   */
  public ScoreOutput.Summary writeManifest(String manifest, String output) {
    Checks.notBlank("manifest", manifest);
    ManifestLocations.Located m = ManifestLocations.read(manifest, hadoopConfiguration());
    return write(m.samples(), m.refs(), output);
  }

  /**
   * Scores samples into an output folder of Parquet files, one per partition ({@code
   * part-00000.parquet}, ...; see {@link ScoreOutput}), and resumes an interrupted run.
   *
   * <p>The partitions are cut from the samples' order alone: {@link Builder#partitions(int)} of
   * them if set, else as many as {@link Builder#partitionSize(int)} samples each need (never
   * Spark's parallelism, so a run resumed on another cluster cuts the same partitions). Partitions
   * whose file is already in the output are not scored again; the others are scored, each written
   * to a temporary file and renamed into place when complete, so an interrupted run leaves only
   * whole partitions. The rows equal, bit for bit, those of an uninterrupted run. Each file's
   * footer holds the run's {@link ScoreProvenance}; every part already there is checked, and an
   * output written by another run (another detector file, conditions, settings, samples or order,
   * genimage version or partitioning) or a part under another partition's name is refused. A part
   * whose footer cannot be read (truncated or overwritten after it was committed) is deleted and
   * scored again. An old {@code _SUCCESS} is deleted before missing partitions are scored, and
   * {@code _SUCCESS} is written once every partition is there.
   *
   * @param samples the samples, with unique ids, at least one
   * @param output the output folder: a local path or a Hadoop FileSystem URI
   * @return what was written and what was already there
   * @throws BadArgumentException if the samples are empty or the output holds another run's or
   *     other files
   * @throws org.genimage.api.BadDatasetLayoutException naming the output if, once the tasks
   *     succeeded, the driver does not find every partition there: the output must be on a file
   *     system the driver and every executor share (not an executor's local disk)
   */
  public ScoreOutput.Summary write(List<Sample> samples, String output) {
    Checks.notNull("samples", samples);
    return write(samples, SampleRef.of(samples), output);
  }

  private ScoreOutput.Summary write(List<Sample> samples, List<SampleRef> refs, String output) {
    Checks.notBlank("output", output);
    if (refs.isEmpty()) {
      throw new BadArgumentException("samples", "is empty; nothing to score into " + output);
    }
    int n = refs.size();
    int k = partitions > 0 ? Math.min(partitions, n) : (int) ((n + (long) partitionSize - 1)
        / partitionSize);
    ScoreProvenance run = new ScoreProvenance(GenImageVersion.get(), detectorKey,
        org.genimage.api.ModelProvenance.ofNotes(java.util.Map.of()), conditions,
        appliedSettings(settings), ManifestHash.of(samples), orderDigest(refs), n, k,
        java.util.Optional.of(ScoreRows.SCHEMA.json()));
    Configuration conf = hadoopConfiguration();
    // Executors resolve what they are sent on their own machine: a relative path would land in
    // each executor's work folder, so the driver sends its fully qualified form.
    String qualified = qualify(conf, output);
    SortedMap<Integer, org.apache.hadoop.fs.Path> done = ScoreOutput.parts(conf, output);
    if (!done.isEmpty()) {
      checkSameRun(conf, output, done, run, k);
    }
    List<PartitionWriter.Slice> missing = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      if (!done.containsKey(i)) {
        int from = (int) ((long) i * n / k);
        int to = (int) ((long) (i + 1) * n / k);
        missing.add(new PartitionWriter.Slice(i, new ArrayList<>(refs.subList(from, to))));
      }
    }
    long rows = 0;
    if (!missing.isEmpty()) {
      // A _SUCCESS left from before (a part deleted since) must not vouch for a run in progress.
      deleteSuccess(conf, output);
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      for (long r : jsc.parallelize(missing, missing.size())
          .map(new PartitionWriter(partitionScorer(), hadoopConf, qualified, run.runEntries()))
          .collect()) {
        rows += r;
      }
    }
    checkComplete(conf, output, k);
    finish(conf, output);
    return new ScoreOutput.Summary(k, missing.size(), done.size(), rows);
  }

  /**
   * Checks every part already in the output against this run, then deletes the parts whose footer
   * cannot be read (a file under its final name was renamed there whole, so an unreadable one was
   * damaged afterwards: it is scored again rather than refused) and drops them from {@code done}.
   * Nothing is deleted unless every readable part belongs to this run.
   */
  private static void checkSameRun(Configuration conf, String output,
      SortedMap<Integer, org.apache.hadoop.fs.Path> done, ScoreProvenance run, int k) {
    if (done.lastKey() >= k) {
      throw new BadArgumentException("output", output, "at most " + k + " partitions; it holds "
          + ScoreOutput.partName(done.lastKey()));
    }
    java.util.Map<String, String> want = run.runEntries();
    List<Integer> unreadable = new ArrayList<>();
    for (java.util.Map.Entry<Integer, org.apache.hadoop.fs.Path> part : done.entrySet()) {
      java.util.Map<String, String> footer = ScoreOutput.footerOrNull(conf, part.getValue());
      if (footer == null) {
        unreadable.add(part.getKey());
        continue;
      }
      String name = part.getValue().getName();
      java.util.Map<String, String> have;
      try {
        have = ScoreProvenance.fromMetadata(footer).runEntries();
      } catch (BadArgumentException e) {
        throw new BadArgumentException("output", output, "an output of this run or a new folder: "
            + name + " is not a genimage score part (" + e.getMessage() + ")");
      }
      for (String key : want.keySet()) {
        if (!want.get(key).equals(have.get(key))) {
          throw new BadArgumentException("output", output, "an output of this run or a new "
              + "folder: it holds another run's scores (" + key + " is " + have.get(key) + " in "
              + name + ", " + want.get(key) + " here)");
        }
      }
      if (!have.keySet().equals(want.keySet())) {
        throw new BadArgumentException("output", output, "an output of this run or a new folder: "
            + "the footer entries of " + name + " differ from this run's");
      }
      String index = Integer.toString(part.getKey());
      if (!index.equals(footer.get(ScoreProvenance.PARTITION))) {
        throw new BadArgumentException("output", output, "parts under their own names: " + name
            + " holds " + ScoreProvenance.PARTITION + " " + footer.get(ScoreProvenance.PARTITION));
      }
    }
    for (int i : unreadable) {
      org.apache.hadoop.fs.Path p = done.remove(i);
      try {
        p.getFileSystem(conf).delete(p, false);
      } catch (IOException e) {
        throw Failures.dataset(output, "cannot delete the unreadable part " + p.getName() + ": "
            + e, e);
      }
    }
  }

  private static void deleteSuccess(Configuration conf, String output) {
    org.apache.hadoop.fs.Path success = new org.apache.hadoop.fs.Path(HadoopFiles.toHadoop(output),
        ScoreOutput.SUCCESS);
    try {
      success.getFileSystem(conf).delete(success, false);
    } catch (IOException e) {
      throw Failures.dataset(output, "cannot delete its old " + ScoreOutput.SUCCESS + ": " + e, e);
    }
  }

  /**
   * The settings the scorer applies, under {@link ProtocolSettings#describe()}'s keys and values;
   * the rest (bias control, checkpoint selection, evaluation) is not applied here, so a footer that
   * recorded it would claim what the scores did not get.
   */
  static java.util.Map<String, String> appliedSettings(ProtocolSettings settings) {
    java.util.Map<String, String> all = settings.describe();
    java.util.Map<String, String> m = new java.util.TreeMap<>();
    for (String key : List.of("degradationTarget", "seed", "smallImagePolicy")) {
      m.put(key, all.get(key));
    }
    return m;
  }

  /** The output's fully qualified Hadoop path, as {@link org.apache.hadoop.fs.Path#toString()}. */
  private static String qualify(Configuration conf, String output) {
    org.apache.hadoop.fs.Path dir = HadoopFiles.toHadoop(output);
    try {
      return dir.getFileSystem(conf).makeQualified(dir).toString();
    } catch (IOException e) {
      throw Failures.dataset(output, "cannot reach its file system: " + e, e);
    }
  }

  /**
   * Lists the output again after the tasks reported success: a task that wrote to a folder the
   * driver cannot see (an executor-local disk) reports success too.
   *
   * @throws org.genimage.api.BadDatasetLayoutException naming the output and the first missing part
   */
  static void checkComplete(Configuration conf, String output, int k) {
    SortedMap<Integer, org.apache.hadoop.fs.Path> there = ScoreOutput.parts(conf, output);
    for (int i = 0; i < k; i++) {
      if (!there.containsKey(i)) {
        throw Failures.dataset(output, "the tasks wrote " + k + " partitions but the driver finds "
            + there.size() + " there (" + ScoreOutput.partName(i) + " is missing): the output must"
            + " be on a file system the driver and every executor share", null);
      }
    }
  }

  private static void finish(Configuration conf, String output) {
    org.apache.hadoop.fs.Path dir = HadoopFiles.toHadoop(output);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      fs.delete(new org.apache.hadoop.fs.Path(dir, ScoreOutput.TEMPORARY), true);
      fs.create(new org.apache.hadoop.fs.Path(dir, ScoreOutput.SUCCESS), true).close();
    } catch (IOException e) {
      throw Failures.dataset(output, "cannot finish the output: " + e, e);
    }
  }

  /** SHA-256 of the sample ids in their order: the partitions are cut from that order. */
  private static String orderDigest(List<SampleRef> refs) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (SampleRef r : refs) {
        md.update(r.id().getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
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

  /** Destroys the broadcasts; DataFrames from {@link #score} cannot be computed after. */
  @Override
  public void close() {
    detectorBytes.destroy();
    hadoopConf.destroy();
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
    private String detectorFile;
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
      this.detectorFile = Checks.notNull("detectorFile", file).toString();
      return this;
    }

    /**
     * Required (or {@link #detectorFile(Path)}): the detector file at a location, a local path or a
     * Hadoop FileSystem URI ({@code hdfs://}, {@code s3a://}, {@code file://}) the driver reads
     * through Hadoop.
     *
     * @param location the detector file's location
     * @return this builder
     */
    public Builder detectorFile(String location) {
      this.detectorFile = Checks.notBlank("detectorFile", location);
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
     * Reads the detector file (at most {@link ReadLimits#MAX_MODEL_BYTES}, and what one Java array
     * holds) and broadcasts it.
     *
     * @return the scorer; close it to release the broadcast
     * @throws BadModelFileException naming the location if the detector file is missing, too large
     *     or unreadable
     * @throws BadArgumentException if no detector file was set
     */
    public SparkScorer build() {
      if (detectorFile == null) {
        throw new BadArgumentException("detectorFile", "is required: executors load the detector "
            + "from its saved file");
      }
      byte[] bytes;
      try {
        bytes = HadoopFiles.readAll(detectorFile, spark.sparkContext().hadoopConfiguration(),
            Math.min(ReadLimits.MAX_MODEL_BYTES, Integer.MAX_VALUE - 8L));
      } catch (FileNotFoundException e) {
        throw Failures.model(detectorFile, "no such file", e);
      } catch (IOException e) {
        throw Failures.model(detectorFile, "cannot be read: " + e.getMessage(), e);
      }
      return new SparkScorer(this, bytes);
    }
  }
}
