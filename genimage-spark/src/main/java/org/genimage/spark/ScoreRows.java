package org.genimage.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadImageException;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.eval.CellScores;
import org.genimage.eval.ScoreCell;
import org.genimage.eval.SkippedImage;
import org.genimage.eval.metrics.BinaryEvaluation;
import org.genimage.eval.metrics.EvaluationOptions;

/**
 * The rows {@link SparkScorer} returns, one per sample and condition, and their conversion back to
 * the evaluation API. Columns ({@link #SCHEMA}): {@code sample_id}, {@code path}, {@code label}
 * (0 REAL, 1 FAKE), {@code generator} (its id), {@code condition} ({@code "clean"} or a degradation
 * name), {@code score} (P(FAKE); null when the image could not be loaded), {@code error} (the
 * problem with the image; null when it was scored), and {@code width} and {@code height} (the
 * image's size as the bias-controlled loader gave it, before degradation and fitting, for the
 * reports' size-only baseline; null when it could not be loaded, and in outputs written before the
 * columns existed).
 */
public final class ScoreRows {
  /** The schema of score rows. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("sample_id", DataTypes.StringType, false),
      DataTypes.createStructField("path", DataTypes.StringType, false),
      DataTypes.createStructField("label", DataTypes.IntegerType, false),
      DataTypes.createStructField("generator", DataTypes.StringType, false),
      DataTypes.createStructField("condition", DataTypes.StringType, false),
      DataTypes.createStructField("score", DataTypes.FloatType, true),
      DataTypes.createStructField("error", DataTypes.StringType, true),
      DataTypes.createStructField("width", DataTypes.IntegerType, true),
      DataTypes.createStructField("height", DataTypes.IntegerType, true)});

  private ScoreRows() {}

  static Row scored(SampleRef ref, String condition, float score, int width, int height) {
    return RowFactory.create(ref.id(), ref.path(), ref.label(), ref.generator(), condition, score,
        null, width, height);
  }

  static Row error(SampleRef ref, String condition, String problem) {
    return RowFactory.create(ref.id(), ref.path(), ref.label(), ref.generator(), condition, null,
        problem, null, null);
  }

  /** The position of {@code width} in rows of {@link #SCHEMA}. */
  private static final int WIDTH = 7;
  /** The position of {@code height} in rows of {@link #SCHEMA}. */
  private static final int HEIGHT = 8;

  /**
   * Where a column is in a row: by name when the row has a schema (a row read from Parquet may have
   * its columns in another order or lack the size columns), else at its position in {@link
   * #SCHEMA}; -1 when the row has no such column.
   */
  private static int column(Row r, String name, int position) {
    StructType schema = r.schema();
    if (schema == null) {
      return position < r.length() ? position : -1;
    }
    // fieldIndex throws for a missing name: an older output's rows simply have no size.
    return List.of(schema.fieldNames()).contains(name) ? schema.fieldIndex(name) : -1;
  }

  /**
   * The image's width and height from a row, or null where it has none: an unloaded image's row,
   * or one read from an output written before the columns existed.
   */
  private static int[] size(Row r) {
    int w = column(r, "width", WIDTH);
    int h = column(r, "height", HEIGHT);
    if (w < 0 || h < 0 || r.isNullAt(w) || r.isNullAt(h)) {
      return null;
    }
    return new int[] {r.getInt(w), r.getInt(h)};
  }

  static boolean isClean(String condition) {
    return ScoreCell.CLEAN.equals(condition);
  }

  /**
   * Puts one condition's rows back into the samples' order, as the local runner stores a cell:
   * scored samples in order, skipped ones left out and listed (in order) with their path and problem.
   * Every sample must have exactly one row for the condition: a missing or repeated sample id is an
   * error, never silently dropped or counted twice.
   *
   * @param rows collected score rows (other conditions are ignored)
   * @param samples the samples that were scored, in the order the cell lists them
   * @param condition the condition to take
   * @param cellId the cell id to store
   * @param fingerprint the fingerprint to store
   * @return the cell's scores
   * @throws IllegalStateException if a sample has no row or more than one
   */
  public static CellScores toCellScores(List<Row> rows, List<Sample> samples, String condition,
      String cellId, String fingerprint) {
    Checks.notNull("rows", rows);
    Checks.notNull("samples", samples);
    Checks.notBlank("condition", condition);
    Map<String, Integer> position = new HashMap<>(samples.size() * 2);
    for (int i = 0; i < samples.size(); i++) {
      if (position.put(samples.get(i).id(), i) != null) {
        throw new BadArgumentException("samples", "sample id " + samples.get(i).id()
            + " appears twice; score rows are keyed by it");
      }
    }
    Row[] byIndex = new Row[samples.size()];
    for (Row r : rows) {
      if (!condition.equals(r.getString(4))) {
        continue;
      }
      Integer i = position.get(r.getString(0));
      if (i == null) {
        throw new IllegalStateException("a score row for " + r.getString(0) + " (" + r.getString(1)
            + ") belongs to no sample of cell " + cellId);
      }
      if (byIndex[i] != null) {
        throw new IllegalStateException("sample " + r.getString(0) + " was scored twice under "
            + condition + " in cell " + cellId);
      }
      byIndex[i] = r;
    }
    List<String> ids = new ArrayList<>();
    int[] labels = new int[samples.size()];
    float[] scores = new float[samples.size()];
    int[] widths = new int[samples.size()];
    int[] heights = new int[samples.size()];
    boolean sized = true;
    List<SkippedImage> skipped = new ArrayList<>();
    int k = 0;
    for (int i = 0; i < byIndex.length; i++) {
      Row r = byIndex[i];
      Sample s = samples.get(i);
      if (r == null) {
        throw new IllegalStateException("sample " + s.id() + " (" + s.path() + ") has no score row "
            + "under " + condition + " in cell " + cellId);
      }
      if (r.isNullAt(5)) {
        skipped.add(new SkippedImage(s.id(), s.path().toString(), r.getString(6)));
      } else {
        ids.add(s.id());
        labels[k] = s.label().index();
        int[] size = size(r);
        if (size != null) {
          widths[k] = size[0];
          heights[k] = size[1];
        } else {
          sized = false;
        }
        scores[k++] = r.getFloat(5);
      }
    }
    // Sizes for every scored image or for none: a partial set would bias the size-only baseline.
    int m = sized ? k : 0;
    return new CellScores(cellId, fingerprint, ids, java.util.Arrays.copyOf(labels, k),
        java.util.Arrays.copyOf(scores, k), skipped, java.util.Arrays.copyOf(widths, m),
        java.util.Arrays.copyOf(heights, m));
  }

  /**
   * Evaluates one condition's rows with the evaluation API, on the scores in the samples' order, so
   * the result equals a single-machine evaluation of the same scores.
   *
   * @param rows collected score rows
   * @param samples the samples that were scored
   * @param condition the condition to evaluate
   * @param options threshold, bootstrap and oracle settings
   * @return the metrics
   * @throws BadArgumentException if no image of the condition was scored
   */
  public static BinaryEvaluation evaluate(List<Row> rows, List<Sample> samples, String condition,
      EvaluationOptions options) {
    CellScores s = toCellScores(rows, samples, condition, "evaluation", "");
    if (s.size() == 0) {
      throw new BadArgumentException("rows", "no image was scored under " + condition);
    }
    return BinaryEvaluation.of(s.labels(), s.scores(), Checks.notNull("options", options));
  }

  /**
   * The images that could not be loaded, from collected rows, one per path.
   *
   * @param rows collected score rows
   * @return a {@link BadImageException} per failed image, naming its file and problem, in row order
   */
  public static List<BadImageException> errors(List<Row> rows) {
    Map<String, BadImageException> m = new java.util.LinkedHashMap<>();
    for (Row r : Checks.notNull("rows", rows)) {
      if (!r.isNullAt(6)) {
        m.putIfAbsent(r.getString(1), new BadImageException(Path.of(r.getString(1)), r.getString(6)));
      }
    }
    return List.copyOf(m.values());
  }
}
