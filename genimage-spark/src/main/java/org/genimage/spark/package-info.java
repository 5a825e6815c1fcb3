/**
 * genimage on Apache Spark: distributed scoring ({@link org.genimage.spark.SparkScorer}), the
 * protocols' test side through {@link org.genimage.eval.Experiment} with {@link
 * org.genimage.spark.SparkCellScoring}, and average spectra per generator ({@link
 * org.genimage.spark.SparkSpectra}).
 *
 * <p>Executors read images by path (a shared or distributed file system), open the detector once per
 * task slot from the saved file the driver broadcasts as bytes, and return rows keyed by sample id.
 * Spark keeps only the output of a task's successful attempt, so a retried task never counts a sample
 * twice; nothing is written from inside a task.
 */
package org.genimage.spark;
