package org.genimage.spark;

import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * A ready-made {@code spark-submit} entry point: scores a manifest with a saved detector under some
 * conditions and writes the rows as Parquet.
 *
 * <pre>
 * spark-submit --class org.genimage.spark.ScoreJob app.jar \
 *     DETECTOR_FILE MANIFEST_CSV OUTPUT_PARQUET [CONDITION...]
 * </pre>
 */
public final class ScoreJob {
  private ScoreJob() {}

  /**
   * Runs the job in the session {@code spark-submit} configured.
   *
   * @param args detector file, manifest, output directory, then conditions (default {@code clean})
   */
  public static void main(String[] args) {
    if (args.length < 3) {
      throw new BadArgumentException("args", Arrays.toString(args),
          "DETECTOR_FILE MANIFEST_CSV OUTPUT_PARQUET [CONDITION...]");
    }
    SparkSession spark = SparkSession.builder().appName("genimage-score").getOrCreate();
    try {
      long n = run(spark, Path.of(args[0]), Path.of(args[1]), args[2],
          args.length > 3 ? Arrays.copyOfRange(args, 3, args.length) : new String[] {"clean"});
      System.out.println("wrote " + n + " score rows to " + args[2]);
    } finally {
      spark.stop();
    }
  }

  /**
   * Scores a manifest and writes the rows as Parquet (the job scores once: the write is the only
   * action).
   *
   * @param spark the session
   * @param detector the saved detector file, readable by the driver
   * @param manifest a manifest written by {@link org.genimage.dataset.Manifests#write}
   * @param output the Parquet directory (any Hadoop file system URI); must not exist
   * @param conditions {@code clean} and/or the paper's degradation names
   * @return the number of rows written (samples times conditions)
   */
  public static long run(SparkSession spark, Path detector, Path manifest, String output,
      String... conditions) {
    Checks.notBlank("output", output);
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(detector)
        .conditions(conditions).build()) {
      org.apache.spark.sql.Dataset<Row> rows = scorer.scoreManifest(manifest);
      rows.write().parquet(output);
      return spark.read().parquet(output).count();
    }
  }
}
