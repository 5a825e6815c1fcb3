package org.genimage.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.internal.Checks;

/**
 * A score output folder as {@link SparkScorer#write} leaves it: one Parquet file per partition,
 * {@code part-00000.parquet}, {@code part-00001.parquet}, ..., each with the run's {@link
 * ScoreProvenance} in its footer, and an empty {@code _SUCCESS} once every partition is there.
 * Files whose names start with {@code _} or {@code .} (the attempts in flight under {@code
 * _temporary}, checksum files) are not results; Spark's Parquet reader skips them too, so
 * {@code spark.read().parquet(output)} reads exactly the finished partitions.
 */
public final class ScoreOutput {
  /** The marker written once every partition is in place. */
  public static final String SUCCESS = "_SUCCESS";
  /** Where attempts write before their file is renamed into place. */
  static final String TEMPORARY = "_temporary";
  private static final Pattern PART = Pattern.compile("part-(\\d{5,9})\\.parquet");

  private ScoreOutput() {}

  /**
   * What one {@link SparkScorer#write} did.
   *
   * @param partitions the run's partitions
   * @param written the partitions scored and written by this call
   * @param skipped the partitions already in the output, not scored again
   * @param rowsWritten the rows this call wrote
   */
  public record Summary(int partitions, int written, int skipped, long rowsWritten) {}

  /**
   * The provenance of a score output, from the footer of its first partition file.
   *
   * @param spark the session whose Hadoop configuration reaches the output
   * @param output the output folder (a local path or a Hadoop FileSystem URI)
   * @return the provenance
   * @throws BadDatasetLayoutException naming the output if it holds no partition file or a footer
   *     cannot be read
   */
  public static ScoreProvenance provenance(SparkSession spark, String output) {
    Configuration conf = Checks.notNull("spark", spark).sparkContext().hadoopConfiguration();
    Checks.notBlank("output", output);
    SortedMap<Integer, Path> parts = parts(conf, output);
    if (parts.isEmpty()) {
      throw bad(output, "holds no part-NNNNN.parquet file", null);
    }
    return fromFooter(conf, output, parts.get(parts.firstKey()));
  }

  /**
   * The key-value metadata of one Parquet file's footer, all of it (Spark's and genimage's).
   *
   * @param spark the session whose Hadoop configuration reaches the file
   * @param file the Parquet file (a local path or a Hadoop FileSystem URI)
   * @return the entries
   * @throws BadDatasetLayoutException naming the file if it cannot be read as Parquet
   */
  public static Map<String, String> footer(SparkSession spark, String file) {
    Configuration conf = Checks.notNull("spark", spark).sparkContext().hadoopConfiguration();
    return footer(conf, HadoopFiles.toHadoop(Checks.notBlank("file", file)), file);
  }

  static ScoreProvenance fromFooter(Configuration conf, String output, Path part) {
    try {
      return ScoreProvenance.fromMetadata(footer(conf, part, part.toString()));
    } catch (BadArgumentException e) {
      throw bad(part.toString(), e.getMessage(), e);
    }
  }

  static Map<String, String> footer(Configuration conf, Path file, String name) {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      return new TreeMap<>(r.getFooter().getFileMetaData().getKeyValueMetaData());
    } catch (FileNotFoundException e) {
      throw bad(name, "no such file", e);
    } catch (IOException | RuntimeException e) {
      throw bad(name, "cannot read its Parquet footer: " + e, e);
    }
  }

  /**
   * A partition file's footer entries, or null if the file cannot be read as Parquet (truncated,
   * overwritten, vanished since it was listed).
   */
  static Map<String, String> footerOrNull(Configuration conf, Path file) {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      return new TreeMap<>(r.getFooter().getFileMetaData().getKeyValueMetaData());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The finished partition files of an output, by partition index; an output that does not exist
   * has none. Any other visible file means the folder is not (only) a score output.
   *
   * @throws BadArgumentException naming a file that is not a partition of a score output
   */
  static SortedMap<Integer, Path> parts(Configuration conf, String output) {
    Path dir = HadoopFiles.toHadoop(output);
    SortedMap<Integer, Path> parts = new TreeMap<>();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      FileStatus[] all;
      try {
        all = fs.listStatus(dir);
      } catch (FileNotFoundException e) {
        return parts;
      }
      for (FileStatus s : all) {
        String name = s.getPath().getName();
        if (name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        Matcher m = PART.matcher(name);
        if (!m.matches() || s.isDirectory()) {
          throw new BadArgumentException("output", output, "a folder of genimage score parts "
              + "(part-NNNNN.parquet) or a new one; it holds " + name);
        }
        parts.put(Integer.parseInt(m.group(1)), s.getPath());
      }
    } catch (IOException e) {
      throw bad(output, "cannot list: " + e, e);
    }
    return parts;
  }

  /** The file name of a partition. */
  static String partName(int index) {
    return String.format(java.util.Locale.ROOT, "part-%05d.parquet", index);
  }

  private static BadDatasetLayoutException bad(String location, String problem, Throwable cause) {
    return Failures.dataset(location, problem, cause);
  }
}
