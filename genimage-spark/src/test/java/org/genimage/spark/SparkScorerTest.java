package org.genimage.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadImageException;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.Generator;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.eval.CellScores;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.SmallImagePolicy;
import org.genimage.eval.SmallImages;
import org.genimage.eval.metrics.BinaryEvaluation;
import org.genimage.eval.metrics.EvaluationOptions;
import org.genimage.dataset.ImageDecoder;
import org.genimage.dataset.Manifests;
import org.genimage.dataset.sim.SimulatedRelease;
import org.genimage.degrade.PaperDegradations;
import org.genimage.spectral.AverageSpectrum;
import org.genimage.spectral.AverageSpectrumConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed scoring and spectra on {@code local[2]} against the same computation in this JVM
 * without Spark: scores bit for bit, metrics, corrupt files, Parquet, detector reuse.
 */
class SparkScorerTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static SimulatedRelease release;
  static List<Sample> samples;
  static List<Sample> corrupted;
  static Path detectorFile;
  static final ProtocolSettings SETTINGS = ProtocolSettings.defaults().withSeed(5)
      .withSmallImagePolicy(SmallImagePolicy.PAD);

  @BeforeAll
  static void setUp() throws Exception {
    spark = SparkFixtures.session("local[2]");
    release = SparkFixtures.release(dir.resolve("data"));
    samples = SparkFixtures.val(release);
    corrupted = SparkFixtures.corrupt(samples, 3, 40);
    detectorFile = SparkFixtures.savedDetector(dir, "small-a", 1);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  /** The reference: this JVM, no Spark, the file loaded the way a user would. */
  static Map<String, Float> localScores(String condition, ImageTransform t) {
    Map<String, Float> out = new HashMap<>();
    ImageDecoder decoder = ImageDecoder.standard();
    try (Detector d = Detectors.load(detectorFile)) {
      List<String> ids = new ArrayList<>();
      List<RgbImage> batch = new ArrayList<>();
      for (Sample s : samples) {
        RgbImage img;
        try {
          img = decoder.load(s);
        } catch (BadImageException e) {
          continue;
        }
        if (!condition.equals("clean")) {
          img = t.apply(img, ImageTransform.randomFor(SETTINGS.seed(), s.id()));
        }
        ids.add(s.id());
        batch.add(SmallImages.fit(img, d.info().inputSize(), SETTINGS.smallImagePolicy()));
      }
      // Straight chunks of 8 here, padded the way the executors pad; on Spark the partitions cut
      // the list elsewhere, so equal scores show they do not depend on batch composition.
      float[] s = FixedBatches.score(d, batch);
      for (int i = 0; i < s.length; i++) {
        out.put(ids.get(i), s[i]);
      }
    }
    return out;
  }

  @Test
  void scoresAndMetricsEqualASingleMachineRunBitForBit() {
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(detectorFile)
        .conditions("clean", "jpeg30").settings(SETTINGS).partitions(5).build()) {
      List<Row> rows = scorer.score(samples).collectAsList();
      assertThat(rows).hasSize(2 * samples.size());
      for (String condition : List.of("clean", "jpeg30")) {
        Map<String, Float> expected = localScores(condition, PaperDegradations.jpeg30());
        Map<String, Float> actual = new HashMap<>();
        rows.stream().filter(r -> r.getString(4).equals(condition) && !r.isNullAt(5))
            .forEach(r -> actual.put(r.getString(0), r.getFloat(5)));
        assertThat(actual).hasSize(samples.size() - corrupted.size()).isEqualTo(expected);
      }
      assertThat(localScores("jpeg30", PaperDegradations.jpeg30()))
          .isNotEqualTo(localScores("clean", null));

      EvaluationOptions options = EvaluationOptions.defaults();
      CellScores cell = ScoreRows.toCellScores(rows, samples, "clean", "c", "f");
      List<Sample> scored = samples.stream().filter(s -> !corrupted.contains(s)).toList();
      Map<String, Float> expected = localScores("clean", null);
      int[] labels = scored.stream().mapToInt(s -> s.label().index()).toArray();
      float[] scores = new float[scored.size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = expected.get(scored.get(i).id());
      }
      assertThat(cell.sampleIds()).isEqualTo(scored.stream().map(Sample::id).toList());
      assertThat(cell.scores()).isEqualTo(scores);
      BinaryEvaluation local = BinaryEvaluation.of(labels, scores, options);
      BinaryEvaluation distributed = ScoreRows.evaluate(rows, samples, "clean", options);
      assertThat(distributed).isEqualTo(local);
    }
  }

  /**
   * Image sizes reach the cell's scores when every scored row has one; rows of an output written
   * before the size columns existed, or with a size missing, give none rather than a partial set.
   */
  @Test
  void sizesReachTheCellScoresOnlyWhenEveryScoredRowHasOne() {
    Generator g = Generator.custom("g", "g", Generator.Family.DIFFUSION);
    List<Sample> three = List.of(new Sample("a.png", Path.of("a.png"), Label.REAL, g, 0),
        new Sample("b.png", Path.of("b.png"), Label.FAKE, g, 0),
        new Sample("c.png", Path.of("c.png"), Label.FAKE, g, 0));
    Row a = RowFactory.create("a.png", "a.png", 0, "g", "clean", 0.2f, null, 96, 80);
    Row b = RowFactory.create("b.png", "b.png", 1, "g", "clean", 0.7f, null, 64, 64);
    Row broken = RowFactory.create("c.png", "c.png", 1, "g", "clean", null, "zero-byte file",
        null, null);
    CellScores sized = ScoreRows.toCellScores(List.of(broken, b, a), three, "clean", "c", "f");
    assertThat(sized.sizesRecorded()).isTrue();
    assertThat(sized.widths()).containsExactly(96, 64);
    assertThat(sized.heights()).containsExactly(80, 64);
    assertThat(sized.skipped()).hasSize(1);

    Row old = RowFactory.create("b.png", "b.png", 1, "g", "clean", 0.7f, null);
    assertThat(ScoreRows.toCellScores(List.of(a, old, broken), three, "clean", "c", "f")
        .sizesRecorded()).isFalse();
    Row noHeight = RowFactory.create("b.png", "b.png", 1, "g", "clean", 0.7f, null, 64, null);
    CellScores partial = ScoreRows.toCellScores(List.of(a, noHeight, broken), three, "clean", "c",
        "f");
    assertThat(partial.sizesRecorded()).isFalse();
    assertThat(partial.scores()).containsExactly(0.2f, 0.7f);
  }

  /**
   * Rows with a schema are read by column name: a column the size columns do not expect at their
   * positions, or a schema without them, neither shifts nor invents a size.
   */
  @Test
  void rowsWithASchemaGiveTheirSizeByColumnName() {
    Generator g = Generator.custom("g", "g", Generator.Family.DIFFUSION);
    List<Sample> two = List.of(new Sample("a.png", Path.of("a.png"), Label.REAL, g, 0),
        new Sample("b.png", Path.of("b.png"), Label.FAKE, g, 0));
    // An extra column before width: by position width would be read from "extra".
    StructType shifted = new StructType(ScoreRows.SCHEMA.fields()).add("extra",
        DataTypes.IntegerType, true);
    StructField[] f = shifted.fields();
    StructType reordered = new StructType(new StructField[] {f[0], f[1], f[2], f[3], f[4], f[5],
        f[6], f[9], f[8], f[7]});
    Row a = new GenericRowWithSchema(new Object[] {"a.png", "a.png", 0, "g", "clean", 0.2f, null,
        5, 80, 96}, reordered);
    Row b = new GenericRowWithSchema(new Object[] {"b.png", "b.png", 1, "g", "clean", 0.7f, null,
        5, 64, 32}, reordered);
    CellScores c = ScoreRows.toCellScores(List.of(a, b), two, "clean", "c", "f");
    assertThat(c.widths()).containsExactly(96, 32);
    assertThat(c.heights()).containsExactly(80, 64);

    StructType old = new StructType(java.util.Arrays.copyOf(ScoreRows.SCHEMA.fields(), 7))
        .add("extra", DataTypes.IntegerType, true).add("more", DataTypes.IntegerType, true);
    Row o = new GenericRowWithSchema(new Object[] {"a.png", "a.png", 0, "g", "clean", 0.2f, null,
        7, 7}, old);
    Row p = new GenericRowWithSchema(new Object[] {"b.png", "b.png", 1, "g", "clean", 0.7f, null,
        7, 7}, old);
    assertThat(ScoreRows.toCellScores(List.of(o, p), two, "clean", "c", "f").sizesRecorded())
        .isFalse();
  }

  @Test
  void corruptFilesAreRecordedWithTheirPathAndEverySampleHasOneRow() {
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(detectorFile).build()) {
      List<Row> rows = scorer.score(samples).collectAsList();
      assertThat(rows).hasSize(samples.size());
      assertThat(rows.stream().map(r -> r.getString(0)).distinct().count())
          .isEqualTo(samples.size());
      List<Row> bad = rows.stream().filter(r -> !r.isNullAt(6)).toList();
      assertThat(bad).extracting(r -> r.getString(1))
          .containsExactlyInAnyOrderElementsOf(corrupted.stream().map(s -> s.path().toString())
              .toList());
      assertThat(bad).allSatisfy(r -> assertThat(r.isNullAt(5)).isTrue());
      assertThat(ScoreRows.errors(rows)).hasSize(2)
          .allSatisfy(e -> assertThat(e.file()).isPresent());
      CellScores cell = ScoreRows.toCellScores(rows, samples, "clean", "c", "f");
      assertThat(cell.skipped()).extracting(s -> s.path())
          .containsExactly(corrupted.get(0).path().toString(), corrupted.get(1).path().toString());
    }
  }

  @Test
  void rowsFromAManifestRoundTripThroughParquet() {
    Path manifest = dir.resolve("val.csv");
    Manifests.write(manifest, samples, false);
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(detectorFile).build()) {
      org.apache.spark.sql.Dataset<Row> rows = scorer.scoreManifest(manifest).cache();
      String out = dir.resolve("scores.parquet").toString();
      rows.write().parquet(out);
      List<Row> back = spark.read().parquet(out).collectAsList();
      assertThat(back).hasSize(samples.size());
      assertThat(spark.read().parquet(out).schema()).isEqualTo(ScoreRows.SCHEMA.asNullable());
      // Manifest ids are relative to the manifest's folder: compare by path.
      Map<String, Float> byPath = new HashMap<>();
      Map<String, Float> local = localScores("clean", null);
      samples.stream().filter(s -> local.containsKey(s.id()))
          .forEach(s -> byPath.put(s.path().toString(), local.get(s.id())));
      Map<String, Float> written = new HashMap<>();
      back.stream().filter(r -> !r.isNullAt(5)).forEach(r -> written.put(r.getString(1),
          r.getFloat(5)));
      assertThat(written).isEqualTo(byPath);
    }
  }

  @Test
  void theSubmitEntryPointWritesOneRowPerSampleAndCondition() {
    Path manifest = dir.resolve("job.csv");
    Manifests.write(manifest, samples, false);
    String out = dir.resolve("job.parquet").toString();
    assertThat(ScoreJob.run(spark, detectorFile, manifest, out, "clean", "blurSigma3"))
        .isEqualTo(2L * samples.size());
    assertThat(spark.read().parquet(out).where("error IS NOT NULL").count()).isEqualTo(4L);
  }

  @Test
  void eachTaskSlotOpensTheDetectorOnceNotOncePerPartition() {
    Path other = SparkFixtures.savedDetector(dir, "small-b", 2);
    long before = ExecutorDetectors.loads();
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(other).partitions(8)
        .build()) {
      assertThat(scorer.score(samples).count()).isEqualTo(samples.size());
      assertThat(scorer.score(samples).count()).isEqualTo(samples.size());
    }
    // 16 partitions over two runs on local[2]: at most one copy per concurrently running task.
    assertThat(ExecutorDetectors.loads() - before).isBetween(1L, 2L);
  }

  @Test
  void unknownConditionsAndMissingDetectorsFailOnTheDriver() {
    assertThatThrownBy(() -> SparkScorer.builder(spark).detectorFile(detectorFile)
        .conditions("clean", "sepia"))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("sepia");
    assertThatThrownBy(() -> SparkScorer.builder(spark).detectorFile(dir.resolve("none")).build())
        .isInstanceOf(org.genimage.api.BadModelFileException.class).hasMessageContaining("none");
  }

  @Test
  void averageSpectraPerGeneratorMergeExactly() {
    AverageSpectrumConfig config = AverageSpectrumConfig.residualSquare(32);
    SparkSpectra.Result distributed = SparkSpectra.averageByGenerator(spark, samples, config, 3,
        ImageLoaderFactory.standard());
    SparkSpectra.Result local = SparkSpectra.local(samples, config, 3, ImageDecoder.standard());
    assertThat(distributed.spectra().keySet()).containsExactly("biggan/ai", "biggan/nature",
        "midjourney/ai", "midjourney/nature", "sd14/ai", "sd14/nature", "vqdm/ai", "vqdm/nature");
    distributed.spectra().forEach((group, spectrum) ->
        assertThat(spectrum.toBytes()).as(group).isEqualTo(local.spectra().get(group).toBytes()));
    assertThat(distributed.skipped()).isEqualTo(local.skipped()).hasSize(2);
    long total = distributed.spectra().values().stream().mapToLong(AverageSpectrum::count).sum();
    assertThat(total).isEqualTo(samples.size() - 2);

    // Independent check: one sequential pass per group, no chunks, equal up to rounding.
    ImageDecoder decoder = ImageDecoder.standard();
    distributed.spectra().forEach((group, spectrum) -> {
      AverageSpectrum one = new AverageSpectrum(config);
      samples.stream().filter(s -> SparkSpectra.generatorAndLabel(s).equals(group))
          .filter(s -> !corrupted.contains(s)).forEach(s -> one.add(decoder.load(s)));
      assertThat(spectrum.count()).isEqualTo(one.count());
      float[] a = spectrum.mean(false).values();
      float[] b = one.mean(false).values();
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).as(group + " bin " + i).isCloseTo(b[i],
            org.assertj.core.data.Offset.offset(1e-5f * Math.max(1f, Math.abs(b[i]))));
      }
    });
  }
}
