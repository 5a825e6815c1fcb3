package org.genimage.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadImageException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.Sample;
import org.genimage.dataset.Manifests;
import org.genimage.eval.ManifestHash;
import org.genimage.eval.ProtocolSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data path through Hadoop FileSystem URIs ({@code file://} here; the same code reads
 * {@code hdfs://}, see {@link SparkHdfsTest}): Parquet output with provenance in the footer, resume
 * of a partly written output, and typed errors naming the URI.
 */
class SparkOutputTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static List<Sample> samples;
  static Path detectorFile;
  static Path manifest;
  /** Decodes per sample id, across the local[2] task threads of this JVM. */
  static final Map<String, AtomicInteger> DECODED = new ConcurrentHashMap<>();

  @BeforeAll
  static void setUp() {
    spark = SparkFixtures.session("local[2]");
    samples = SparkFixtures.val(SparkFixtures.release(dir.resolve("data")));
    detectorFile = SparkFixtures.savedDetector(dir, "small-out", 4);
    manifest = dir.resolve("data").resolve("val.csv");
    Manifests.write(manifest, samples, false);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  static String uri(Path p) {
    return p.toAbsolutePath().toUri().toString();
  }

  /** The standard decoder, counting each sample it decodes. */
  static ImageLoaderFactory counting() {
    return () -> {
      ImageLoaderFactory.BytesLoader inner = ImageLoaderFactory.standard().create();
      return (sample, bytes) -> {
        DECODED.computeIfAbsent(sample.id(), k -> new AtomicInteger()).incrementAndGet();
        return inner.load(sample, bytes);
      };
    };
  }

  @Test
  void submitEntryPointReadsUrisAndWritesProvenanceIntoEveryFooter() throws Exception {
    String out = uri(dir.resolve("job-out"));
    ScoreOutput.Summary s = ScoreJob.write(spark, uri(detectorFile), uri(manifest), out, "clean",
        "jpeg30");
    assertThat(s.written()).isEqualTo(s.partitions()).isPositive();
    assertThat(s.skipped()).isZero();
    assertThat(s.rowsWritten()).isEqualTo(2L * samples.size());
    assertThat(dir.resolve("job-out").resolve(ScoreOutput.SUCCESS)).exists();
    assertThat(dir.resolve("job-out").resolve(ScoreOutput.TEMPORARY)).doesNotExist();

    // Same scores as the lazy DataFrame of the same detector and conditions (itself checked
    // against a single-machine run in SparkScorerTest).
    Map<String, Float> expected = new HashMap<>();
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(detectorFile)
        .conditions("clean", "jpeg30").build()) {
      for (Row r : scorer.scoreManifest(manifest).collectAsList()) {
        expected.put(r.getString(0) + "|" + r.getString(4), r.getFloat(5));
      }
    }
    assertThat(SparkFixtures.scores(spark, out)).isEqualTo(expected).hasSize(2 * samples.size());

    // The footer as parquet-hadoop's own reader shows it, independent of ScoreOutput.
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(detectorFile)));
    Map<String, String> footer;
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(out, "part-00000.parquet"),
        spark.sparkContext().hadoopConfiguration()))) {
      footer = r.getFooter().getFileMetaData().getKeyValueMetaData();
    }
    assertThat(footer).containsEntry("genimage.detector.sha256", sha)
        .containsEntry("genimage.condition.0", "clean").containsEntry("genimage.condition.1", "jpeg30")
        .containsEntry("genimage.partition", "0")
        .containsEntry("genimage.settings.seed", Long.toString(ProtocolSettings.defaults().seed()))
        .containsKey(RowWriteSupport.SPARK_SCHEMA_KEY);

    ScoreProvenance p = ScoreOutput.provenance(spark, out);
    assertThat(p.detectorSha256()).isEqualTo(sha);
    assertThat(p.conditions()).containsExactly("clean", "jpeg30");
    // Only what SparkScorer applies: bias control and evaluation settings are not recorded.
    assertThat(p.settings()).isEqualTo(Map.of(
        "degradationTarget", ProtocolSettings.defaults().degradationTarget().name(),
        "seed", Long.toString(ProtocolSettings.defaults().seed()),
        "smallImagePolicy", ProtocolSettings.defaults().smallImagePolicy().name()));
    assertThat(footer).doesNotContainKey("genimage.settings.biasControl");
    try (Detector d = Detectors.load(detectorFile)) {
      // No batch size was configured: the task used the detector's preferred one.
      assertThat(footer).containsEntry(ScoreProvenance.BATCH_SIZE,
          Integer.toString(d.info().preferredBatchSize()));
    }
    assertThat(p.manifestSha256()).isEqualTo(ManifestHash.of(Manifests.read(manifest).samples()));
    assertThat(p.samples()).isEqualTo(samples.size());
    assertThat(p.partitions()).isEqualTo(s.partitions());
    try (Detector d = Detectors.load(detectorFile)) {
      assertThat(p.model().asMap()).isEqualTo(d.info().modelProvenance().asMap()).isNotEmpty();
    }
    assertThat(ScoreOutput.footer(spark, out + "/part-00000.parquet")).isEqualTo(footer);
  }

  @Test
  void aResumedRunScoresOnlyTheMissingPartitionAndEqualsTheFullRunBitForBit() throws IOException {
    Path outDir = dir.resolve("resume-out");
    String out = uri(outDir);
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(uri(detectorFile))
        .conditions("clean", "blurSigma3").loaderFactory(counting()).partitionSize(16).build()) {
      DECODED.clear();
      ScoreOutput.Summary first = scorer.write(samples, out);
      assertThat(first).isEqualTo(new ScoreOutput.Summary(4, 4, 0, 2L * samples.size()));
      assertThat(DECODED).hasSize(samples.size() - 0)
          .allSatisfy((id, n) -> assertThat(n.get()).as(id).isEqualTo(1));
      Map<String, Float> full = SparkFixtures.scores(spark, out);

      // A crash: partition 2's file is gone and a half-written attempt lies in _temporary.
      Files.delete(outDir.resolve("part-00002.parquet"));
      Files.deleteIfExists(outDir.resolve(".part-00002.parquet.crc"));
      Files.createDirectories(outDir.resolve("_temporary"));
      Files.write(outDir.resolve("_temporary/part-00002.attempt-7.parquet"), new byte[] {'P', 'A'});
      Files.delete(outDir.resolve(ScoreOutput.SUCCESS));

      DECODED.clear();
      ScoreOutput.Summary second = scorer.write(samples, out);
      assertThat(second).isEqualTo(new ScoreOutput.Summary(4, 1, 3, 2L * 16));
      // Partition 2 is samples 32..47 of the given order, and only those were decoded again.
      assertThat(DECODED.keySet()).containsExactlyInAnyOrderElementsOf(
          samples.subList(32, 48).stream().map(Sample::id).toList());
      assertThat(DECODED.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(SparkFixtures.scores(spark, out)).isEqualTo(full);
      assertThat(outDir.resolve(ScoreOutput.SUCCESS)).exists();
      assertThat(outDir.resolve("_temporary")).doesNotExist();

      DECODED.clear();
      assertThat(scorer.write(samples, out)).isEqualTo(new ScoreOutput.Summary(4, 0, 4, 0));
      assertThat(DECODED).isEmpty();
    }
    // Another run's settings on the same output are refused before anything is scored.
    try (SparkScorer other = SparkScorer.builder(spark).detectorFile(detectorFile)
        .conditions("clean").partitionSize(16).build()) {
      assertThatThrownBy(() -> other.write(samples, out))
          .isInstanceOf(BadArgumentException.class).hasMessageContaining("genimage.conditions");
    }
  }

  @Test
  void missingInputsFailWithTypedExceptionsNamingTheUri() throws IOException {
    String noDetector = uri(dir.resolve("absent.gidet"));
    assertThatThrownBy(() -> SparkScorer.builder(spark).detectorFile(noDetector).build())
        .isInstanceOf(BadModelFileException.class).hasMessageContaining("absent.gidet")
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> SparkScorer.builder(spark).detectorFile("nofs://host/models/x.gidet")
        .build())
        .isInstanceOf(BadModelFileException.class).hasMessageStartingWith("nofs://host/models/x.gidet");
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(detectorFile).build()) {
      assertThatThrownBy(() -> scorer.scoreManifest(uri(dir.resolve("absent.csv"))))
          .isInstanceOf(BadDatasetLayoutException.class).hasMessageContaining("absent.csv");
      assertThatThrownBy(() -> scorer.scoreManifest("nofs://host/data/val.csv"))
          .isInstanceOf(BadDatasetLayoutException.class)
          .hasMessageStartingWith("nofs://host/data/val.csv");

      // A missing image is a row naming it, as a corrupt one is; the job goes on.
      Sample gone = new Sample("gone", dir.resolve("gone.png"), samples.get(0).label(),
          samples.get(0).generator(), Sample.NO_CLASS);
      List<Row> rows = scorer.score(List.of(samples.get(0), gone)).collectAsList();
      Row bad = rows.stream().filter(r -> r.getString(0).equals("gone")).findFirst().orElseThrow();
      assertThat(bad.isNullAt(5)).isTrue();
      assertThat(bad.getString(6)).isEqualTo("file not found (missing or vanished)");
    }
    // The image-bytes bound is checked on the length the file system reports, before reading.
    String image = uri(samples.get(1).path());
    long length = Files.size(samples.get(1).path());
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    assertThat(HadoopFiles.readImage(image, conf, length)).hasSize((int) length);
    assertThatThrownBy(() -> HadoopFiles.readImage(image, conf, length - 1))
        .isInstanceOfSatisfying(BadImageException.class,
            e -> assertThat(e.reason()).isEqualTo(BadImageException.Reason.TOO_LARGE))
        .hasMessageContaining(samples.get(1).path().getFileName().toString());
  }

  @Test
  void aRelativeOutputIsResolvedOnceOnTheDriver() throws IOException {
    // Maven runs tests in the module folder; the driver resolves the relative path against it.
    Path rel = Path.of("target", "relative-out-" + ProcessHandle.current().pid());
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(detectorFile)
        .partitionSize(32).build()) {
      ScoreOutput.Summary s = scorer.write(samples, rel.toString());
      assertThat(s.written()).isEqualTo(s.partitions()).isEqualTo(2);
      assertThat(rel.toAbsolutePath().resolve("part-00001.parquet")).exists();
      assertThat(rel.toAbsolutePath().resolve(ScoreOutput.SUCCESS)).exists();
    } finally {
      try (var files = Files.walk(rel)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  @Test
  void anOutputTheDriverCannotSeeWholeIsRefusedBeforeSuccess() throws IOException {
    // As after tasks that wrote to executor-local disks: the driver finds fewer parts than k.
    Path outDir = dir.resolve("incomplete-out");
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(detectorFile)
        .partitionSize(32).build()) {
      scorer.write(samples, uri(outDir));
    }
    Files.delete(outDir.resolve("part-00001.parquet"));
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    SparkScorer.checkComplete(conf, uri(outDir), 1);
    assertThatThrownBy(() -> SparkScorer.checkComplete(conf, uri(outDir), 2))
        .isInstanceOf(BadDatasetLayoutException.class).hasMessageContaining("incomplete-out")
        .hasMessageContaining("part-00001.parquet")
        .hasMessageContaining("a file system the driver and every executor share");
  }

  @Test
  void locationsAreHadoopPathTextSoSpacesPercentHashAndQuestionMarksSurvive() throws IOException {
    // ManifestLocations builds a remote sample's location with Path.toString(), which leaves such
    // names unescaped; file: stands in for hdfs: here (same parsing, no cluster needed).
    Path odd = Files.createDirectories(dir.resolve("odd names")).resolve("a b%#?.png");
    Files.copy(samples.get(0).path(), odd);
    String location = new org.apache.hadoop.fs.Path(
        new org.apache.hadoop.fs.Path(odd.getParent().toUri()), odd.getFileName().toString())
        .toString();
    assertThat(location).startsWith("file:").endsWith("/odd names/a b%#?.png");
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    assertThat(HadoopFiles.readImage(location, conf, 1 << 20)).isEqualTo(Files.readAllBytes(odd));
    assertThat(HadoopFiles.localFile(location)).isEqualTo(odd);
    // A missing file with such a name is a typed image problem naming it, not a URI error.
    String gone = location.replace("a b", "gone b");
    assertThatThrownBy(() -> HadoopFiles.readImage(gone, conf, 1 << 20))
        .isInstanceOf(BadImageException.class).hasMessageContaining("gone b%#?.png");
  }

  /** The _SUCCESS file the watching loader checks for while it decodes (local mode: same JVM). */
  static volatile Path watched;
  static final java.util.concurrent.atomic.AtomicInteger DECODED_WITH_SUCCESS = new AtomicInteger();

  @Test
  void resumeChecksEveryPartRescoresAnUnreadableOneAndDropsAnOldSuccessFirst() throws IOException {
    Path outDir = dir.resolve("resume-every-part");
    String out = uri(outDir);
    ImageLoaderFactory watching = () -> {
      ImageLoaderFactory.BytesLoader inner = ImageLoaderFactory.standard().create();
      return (sample, bytes) -> {
        if (Files.exists(watched)) {
          DECODED_WITH_SUCCESS.incrementAndGet();
        }
        return inner.load(sample, bytes);
      };
    };
    watched = outDir.resolve(ScoreOutput.SUCCESS);
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(detectorFile)
        .loaderFactory(watching).partitionSize(16).build()) {
      scorer.write(samples, out);
      Map<String, Float> full = SparkFixtures.scores(spark, out);
      assertThat(full).hasSize(samples.size());

      // Part 1 truncated after its commit, part 3 gone, _SUCCESS still there from the first run.
      Path part1 = outDir.resolve("part-00001.parquet");
      byte[] whole = Files.readAllBytes(part1);
      Files.write(part1, java.util.Arrays.copyOf(whole, whole.length / 2));
      Files.deleteIfExists(outDir.resolve(".part-00001.parquet.crc"));
      Files.delete(outDir.resolve("part-00003.parquet"));
      Files.deleteIfExists(outDir.resolve(".part-00003.parquet.crc"));
      DECODED_WITH_SUCCESS.set(0);
      assertThat(scorer.write(samples, out)).isEqualTo(new ScoreOutput.Summary(4, 2, 2, 32));
      assertThat(DECODED_WITH_SUCCESS).hasValue(0);
      assertThat(SparkFixtures.scores(spark, out)).isEqualTo(full);
      assertThat(watched).exists();

      // A part under another partition's name (here part 0's rows as part 2) is refused, and the
      // later part is checked too, not only the first.
      Files.copy(outDir.resolve("part-00000.parquet"), outDir.resolve("part-00002.parquet"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(outDir.resolve(".part-00002.parquet.crc"));
      assertThatThrownBy(() -> scorer.write(samples, out))
          .isInstanceOf(BadArgumentException.class).hasMessageContaining("part-00002.parquet")
          .hasMessageContaining(ScoreProvenance.PARTITION + " 0");
    }
  }

  /**
   * A part written by a build whose score rows had another schema (here: the same rows, the footer
   * without the schema entry or with another schema) makes the output another run's, so a resume
   * never mixes parts whose read schema would depend on file order.
   */
  @Test
  void resumeRefusesAPartWithoutOrWithAnotherScoreSchema() throws IOException {
    Path outDir = dir.resolve("resume-schema");
    String out = uri(outDir);
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(detectorFile)
        .partitionSize(16).build()) {
      scorer.write(samples, out);
      Path part1 = outDir.resolve("part-00001.parquet");
      assertThat(ScoreOutput.footer(spark, part1.toUri().toString()))
          .containsEntry(ScoreProvenance.SCORE_SCHEMA, ScoreRows.SCHEMA.json());
      Files.delete(outDir.resolve("part-00003.parquet"));
      Files.deleteIfExists(outDir.resolve(".part-00003.parquet.crc"));

      rewriteFooter(part1, m -> m.remove(ScoreProvenance.SCORE_SCHEMA));
      assertThatThrownBy(() -> scorer.write(samples, out))
          .isInstanceOf(BadArgumentException.class).hasMessageContaining("another run's scores")
          .hasMessageContaining(ScoreProvenance.SCORE_SCHEMA + " is null in part-00001.parquet");

      String older = new org.apache.spark.sql.types.StructType(java.util.Arrays.copyOf(
          ScoreRows.SCHEMA.fields(), 7)).json();
      rewriteFooter(part1, m -> m.put(ScoreProvenance.SCORE_SCHEMA, older));
      assertThatThrownBy(() -> scorer.write(samples, out))
          .isInstanceOf(BadArgumentException.class).hasMessageContaining("another run's scores")
          .hasMessageContaining(ScoreProvenance.SCORE_SCHEMA + " is " + older);
      // Refused before anything was scored: the missing part is still missing.
      assertThat(outDir.resolve("part-00003.parquet")).doesNotExist();
    }
  }

  /** Copies a Parquet file's row groups into a new file whose footer {@code edit} changed. */
  private static void rewriteFooter(Path part,
      java.util.function.Consumer<Map<String, String>> edit) throws IOException {
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path copy = part.resolveSibling("rewrite.tmp");
    Files.deleteIfExists(copy);
    HadoopInputFile in = HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(part.toUri()),
        conf);
    Map<String, String> meta;
    org.apache.parquet.schema.MessageType schema;
    try (ParquetFileReader r = ParquetFileReader.open(in)) {
      meta = new HashMap<>(r.getFooter().getFileMetaData().getKeyValueMetaData());
      schema = r.getFooter().getFileMetaData().getSchema();
    }
    edit.accept(meta);
    org.apache.parquet.hadoop.ParquetFileWriter w = new org.apache.parquet.hadoop
        .ParquetFileWriter(org.apache.parquet.hadoop.util.HadoopOutputFile.fromPath(
            new org.apache.hadoop.fs.Path(copy.toUri()), conf), schema,
        org.apache.parquet.hadoop.ParquetFileWriter.Mode.CREATE, 1 << 20, 0);
    w.start();
    w.appendFile(in);
    w.end(meta);
    Files.move(copy, part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(part.resolveSibling("." + part.getFileName() + ".crc"));
    Files.deleteIfExists(part.resolveSibling(".rewrite.tmp.crc"));
  }
}
