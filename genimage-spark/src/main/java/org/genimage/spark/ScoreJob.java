package org.genimage.spark;

import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * A ready-made {@code spark-submit} entry point: scores a manifest with a saved detector under some
 * conditions into a folder of Parquet files, one per partition, with the run's provenance in each
 * file's footer ({@link ScoreProvenance}). Run it again on the same output after an interruption:
 * the partitions already written are skipped ({@link SparkScorer#write}).
 *
 * <pre>
 * spark-submit --class org.genimage.spark.ScoreJob app.jar \
 *     DETECTOR MANIFEST OUTPUT [CONDITION...]
 * </pre>
 *
 * <p>Each of {@code DETECTOR}, {@code MANIFEST} and {@code OUTPUT} is a local path or a Hadoop
 * FileSystem URI ({@code hdfs://nn:8020/models/r50.gidet}, {@code s3a://bucket/val.csv}, {@code
 * file:///shared/out}); the manifest's relative paths resolve against its own folder on its file
 * system, where executors read the images.
 *
 * <p>The output's partitions are cut from the manifest's order, {@value #PARTITION_SIZE_CONF}
 * samples each (default 256), or into {@value #PARTITIONS_CONF} partitions when that is set
 * ({@code --conf spark.genimage.partitions=64}); never from Spark's parallelism, so a resumed run cuts
 * the same ones. A resumed run must keep the same setting.
 */
public final class ScoreJob {
  /** The Spark setting that fixes the number of output partitions. */
  public static final String PARTITIONS_CONF = "spark.genimage.partitions";
  /** The Spark setting of the samples per output partition (when the count is not fixed). */
  public static final String PARTITION_SIZE_CONF = "spark.genimage.partitionSize";

  private ScoreJob() {}

  /**
   * Runs the job in the session {@code spark-submit} configured.
   *
   * @param args detector, manifest, output folder, then conditions (default {@code clean})
   */
  public static void main(String[] args) {
    if (args.length < 3) {
      throw new BadArgumentException("args", Arrays.toString(args),
          "DETECTOR MANIFEST OUTPUT [CONDITION...] (each of the three a path or a URI)");
    }
    SparkSession spark = SparkSession.builder().appName("genimage-score").getOrCreate();
    try {
      String[] conditions = args.length > 3 ? Arrays.copyOfRange(args, 3, args.length)
          : new String[] {"clean"};
      ScoreOutput.Summary s = write(spark, args[0], args[1], args[2], conditions);
      System.out.println("wrote " + s.rowsWritten() + " score rows in " + s.written()
          + " partitions to " + args[2] + " (" + s.skipped() + " of " + s.partitions()
          + " partitions were already there)");
    } finally {
      spark.stop();
    }
  }

  /**
   * Scores a manifest into an output folder, resuming it, and counts the rows it then holds.
   *
   * @param spark the session
   * @param detector the saved detector file: a local path or a URI
   * @param manifest a manifest written by {@link org.genimage.dataset.Manifests#write}: a local
   *     path or a URI
   * @param output the output folder: a local path or a URI; new, or an earlier run of this job
   * @param conditions {@code clean} and/or the paper's degradation names
   * @return the number of rows in the output (samples times conditions)
   */
  public static long run(SparkSession spark, String detector, String manifest, String output,
      String... conditions) {
    write(spark, detector, manifest, output, conditions);
    return spark.read().parquet(output).count();
  }

  /**
   * As {@link #run(SparkSession, String, String, String, String...)} with local files.
   *
   * @param spark the session
   * @param detector the saved detector file
   * @param manifest the manifest
   * @param output the output folder: a local path or a URI
   * @param conditions the conditions
   * @return the number of rows in the output
   */
  public static long run(SparkSession spark, Path detector, Path manifest, String output,
      String... conditions) {
    return run(spark, Checks.notNull("detector", detector).toString(),
        Checks.notNull("manifest", manifest).toString(), output, conditions);
  }

  /**
   * Scores a manifest into an output folder, resuming it.
   *
   * @param spark the session
   * @param detector the detector file's location
   * @param manifest the manifest's location
   * @param output the output folder's location
   * @param conditions the conditions
   * @return what was written and what was already there
   */
  public static ScoreOutput.Summary write(SparkSession spark, String detector, String manifest,
      String output, String... conditions) {
    Checks.notNull("spark", spark);
    Checks.notBlank("output", output);
    SparkScorer.Builder b = SparkScorer.builder(spark).detectorFile(detector).conditions(conditions);
    org.apache.spark.SparkConf conf = spark.sparkContext().getConf();
    if (conf.contains(PARTITIONS_CONF)) {
      b.partitions(conf.getInt(PARTITIONS_CONF, 0));
    } else if (conf.contains(PARTITION_SIZE_CONF)) {
      b.partitionSize(conf.getInt(PARTITION_SIZE_CONF, 0));
    }
    try (SparkScorer scorer = b.build()) {
      return scorer.writeManifest(manifest, output);
    }
  }
}
