package org.genimage.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * Scores one partition on an executor and writes it as one Parquet file, committed by a rename.
 *
 * <p>The attempt writes {@code _temporary/part-NNNNN.attempt-<task attempt id>.parquet} and, once the
 * file is closed (footer written), renames it to {@code part-NNNNN.parquet}. A file under its final
 * name is therefore always complete; a crash mid-write leaves only a file under {@code _temporary},
 * which no reader counts and a resumed run ignores. Two attempts of the same partition (a retry after
 * a lost executor, a speculative copy) compute the same rows; whichever renames first wins, and the
 * other finds the final file there and drops its own.
 */
final class PartitionWriter implements Function<PartitionWriter.Slice, Long> {
  private static final long serialVersionUID = 1L;

  /**
   * One partition: its index and its samples, cut from the samples' order.
   *
   * @param index the partition index, naming its file
   * @param refs the samples
   */
  record Slice(int index, List<SampleRef> refs) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final PartitionScorer scorer;
  private final Broadcast<HadoopConf> conf;
  private final String output;
  private final TreeMap<String, String> runMetadata;

  /**
   * @param output the output folder, fully qualified by the driver ({@code Path.toString()} of
   *     {@code FileSystem.makeQualified}), so that no executor resolves it against its own folder
   */
  PartitionWriter(PartitionScorer scorer, Broadcast<HadoopConf> conf, String output,
      Map<String, String> runMetadata) {
    this.scorer = scorer;
    this.conf = conf;
    this.output = output;
    this.runMetadata = new TreeMap<>(runMetadata);
  }

  @Override
  public Long call(Slice slice) throws IOException {
    PartitionScorer.Scored scored = scorer.score(slice.refs().iterator());
    Map<String, String> meta = new TreeMap<>(runMetadata);
    scored.model().asMap().forEach((k, v) -> meta.put(ScoreProvenance.MODEL + k, v));
    meta.put(ScoreProvenance.PARTITION, Integer.toString(slice.index()));
    meta.put(ScoreProvenance.BATCH_SIZE, Integer.toString(scored.batchSize()));

    Configuration c = conf.value().get();
    Path dir = new Path(output); // the driver's qualified Path.toString(); this is its inverse
    FileSystem fs = dir.getFileSystem(c);
    String name = ScoreOutput.partName(slice.index());
    TaskContext task = TaskContext.get();
    long attempt = task == null ? System.nanoTime() : task.taskAttemptId();
    Path tmp = new Path(new Path(dir, ScoreOutput.TEMPORARY),
        name.replace(".parquet", ".attempt-" + attempt + ".parquet"));
    Path done = new Path(dir, name);
    try (ParquetWriter<Row> w = new Builder(tmp, meta).withConf(c)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
      for (Row r : scored.rows()) {
        w.write(r);
      }
    }
    if (!fs.rename(tmp, done)) {
      if (!fs.exists(done)) {
        throw new UncheckedIOException(new IOException("cannot rename " + tmp + " to " + done));
      }
      fs.delete(tmp, false); // another attempt of this partition committed the same rows first
    }
    return (long) scored.rows().size();
  }

  /** parquet-hadoop's builder for {@link RowWriteSupport}. */
  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final Map<String, String> metadata;

    Builder(Path file, Map<String, String> metadata) {
      super(file);
      this.metadata = metadata;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return new RowWriteSupport(metadata);
    }
  }
}
