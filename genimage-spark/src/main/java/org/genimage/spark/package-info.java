/**
 * genimage on Apache Spark: distributed scoring ({@link org.genimage.spark.SparkScorer}), the
 * protocols' test side through {@link org.genimage.eval.Experiment} with {@link
 * org.genimage.spark.SparkCellScoring}, and average spectra per generator ({@link
 * org.genimage.spark.SparkSpectra}).
 *
 * <p>Executors read images through Hadoop's {@code FileSystem} (local paths, {@code file://},
 * {@code hdfs://}, {@code s3a://}), open the detector once per task slot from the saved file the
 * driver broadcasts as bytes, and return rows keyed by sample id. Spark keeps only the output of a
 * task's successful attempt, so a retried task never counts a sample twice; {@link
 * org.genimage.spark.SparkScorer#write} writes one Parquet file per partition from its task,
 * committed by a rename, with the run's {@link org.genimage.spark.ScoreProvenance} in the footer.
 */
package org.genimage.spark;
