package org.genimage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.BiasControl;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.Generator;
import org.genimage.api.Sample;
import org.genimage.api.TrainingListener;
import org.genimage.dataset.ImageDecoder;
import org.genimage.dataset.sim.SimulatedRelease;
import org.genimage.degrade.PaperDegradations;
import org.genimage.eval.CellScores;
import org.genimage.eval.CellScoring;
import org.genimage.eval.Experiment;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.Protocol;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.ScoreCell;
import org.genimage.eval.protocol.CrossGenerator;
import org.genimage.eval.protocol.CrossGeneratorResult;
import org.genimage.eval.protocol.Degraded;
import org.genimage.eval.protocol.DegradedResult;
import org.genimage.eval.report.Report;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocols' test side through {@link Experiment} with {@link SparkCellScoring} on
 * {@code local[2]}: the same run-directory files, results, reports and provenance as the local
 * runner, and cell-level resume (also of a directory the local runner wrote).
 */
class SparkExperimentTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static List<Sample> all;
  static List<Sample> corrupted;
  static final ProtocolSettings SETTINGS = ProtocolSettings.defaults().withSeed(3);

  @BeforeAll
  static void setUp() throws IOException {
    spark = SparkFixtures.session("local[2]");
    SimulatedRelease release = SparkFixtures.release(dir.resolve("data"));
    all = release.samples();
    List<Sample> vqdmVal = val(Generator.VQDM).samples();
    corrupted = SparkFixtures.corrupt(vqdmVal, 2, 11);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  static Dataset val(Generator g) {
    return Dataset.of(g.id() + "/val", all.stream()
        .filter(s -> s.generator().equals(g) && s.id().contains("/val/")).toList(),
        ImageDecoder.standard());
  }

  static Dataset train(Generator g) {
    return Dataset.of(g.id() + "/train", all.stream()
        .filter(s -> s.generator().equals(g) && s.id().contains("/train/")).toList(),
        ImageDecoder.standard());
  }

  /** "Trains" by returning a fixed small ResNet, so the run directory saves and reloads a file. */
  static final class FixedTrainer implements DetectorTrainer {
    @Override
    public String name() {
      return "fixed-small-resnet";
    }

    @Override
    public Map<String, String> settings() {
      return Map.of("seed", "10");
    }

    @Override
    public Detector train(Dataset training, Dataset validation, TrainingListener listener) {
      return FixedBatches.padding(SparkFixtures.detector("trained-sd14", 10));
    }
  }

  static CrossGenerator crossGenerator(Detector pretrained) {
    return CrossGenerator.builder()
        .trainer(new FixedTrainer())
        .subset("sd14", train(Generator.SD_V1_4), val(Generator.SD_V1_4))
        .testSubset("biggan", val(Generator.BIGGAN))
        .testSubset("vqdm", val(Generator.VQDM))
        .pretrained("biggan", pretrained)
        .settings(SETTINGS)
        .build();
  }

  static Degraded degraded(Detector detector) {
    return Degraded.builder()
        .detector("sd14", detector)
        .testSet("vqdm", val(Generator.VQDM))
        .degradation("jpeg30", PaperDegradations.jpeg30())
        .degradation("blurSigma3", PaperDegradations.blurSigma3())
        .settings(SETTINGS)
        .build();
  }

  static <R extends ExperimentResult> R run(Protocol<R> protocol, Path runDir, CellScoring scoring) {
    Experiment.Builder b = Experiment.builder().runDirectory(runDir).threads(2)
        .badInputPolicy(BadInputPolicy.SKIP);
    if (scoring != null) {
      b.cellScoring(scoring);
    }
    return b.build().run(protocol);
  }

  static List<String> scoreFiles(Path runDir) throws IOException {
    try (Stream<Path> s = Files.list(runDir.resolve("scores"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
          .toList();
    }
  }

  static void assertSameFiles(Path a, Path b, String sub, List<String> names) throws IOException {
    for (String n : names) {
      assertThat(Files.readAllBytes(b.resolve(sub).resolve(n))).as(sub + "/" + n)
          .isEqualTo(Files.readAllBytes(a.resolve(sub).resolve(n)));
    }
  }

  @Test
  void crossGeneratorAndDegradedWriteWhatTheLocalRunnerWrites() throws IOException {
    SparkCellScoring onSpark = new SparkCellScoring(spark, TransformResolver.paperDegradations(),
        ImageLoaderFactory.standard(), 6);
    try (Detector given = FixedBatches.padding(SparkFixtures.detector("given-biggan", 11))) {
      Path local = dir.resolve("cross-local");
      Path distributed = dir.resolve("cross-spark");
      CrossGeneratorResult a = run(crossGenerator(given), local, null);
      CrossGeneratorResult b = run(crossGenerator(given), distributed, onSpark);
      List<String> files = scoreFiles(local);
      assertThat(files).hasSize(6).isEqualTo(scoreFiles(distributed));
      assertSameFiles(local, distributed, "scores", files);
      assertThat(b.cells()).isEqualTo(a.cells());
      assertThat(b.cell("sd14", "vqdm").skipped()).hasSize(2);
      assertThat(b.provenance().toString().replace(distributed.toString(), "RUN"))
          .isEqualTo(a.provenance().toString().replace(local.toString(), "RUN"));
      Report.builder(a).build().writeTo(local.resolve("report"));
      Report.builder(b).build().writeTo(distributed.resolve("report"));
      assertSameFiles(local, distributed, "report", List.of(Report.CSV));

      Path dLocal = dir.resolve("degraded-local");
      Path dSpark = dir.resolve("degraded-spark");
      DegradedResult c = run(degraded(given), dLocal, null);
      DegradedResult d = run(degraded(given), dSpark, onSpark);
      List<String> dFiles = scoreFiles(dLocal);
      assertThat(dFiles).hasSize(3);
      assertSameFiles(dLocal, dSpark, "scores", dFiles);
      assertThat(d.cells()).isEqualTo(c.cells());
      assertThat(d.degradation("jpeg30").skipped()).extracting(s -> s.path())
          .containsExactly(corrupted.get(0).path().toString(), corrupted.get(1).path().toString());
      assertThat(d.degradation("jpeg30").scores().scores())
          .isNotEqualTo(d.clean().scores().scores());
    }
  }

  @Test
  void aBiasControlScoresTheSameOnSparkAsLocally() throws IOException {
    ProtocolSettings biased = SETTINGS.withBiasControl(
        org.genimage.api.BiasControl.parse("jpeg96,size=32-128"));
    SparkCellScoring onSpark = new SparkCellScoring(spark, TransformResolver.paperDegradations(),
        ImageLoaderFactory.standard(), 6);
    try (Detector given = FixedBatches.padding(SparkFixtures.detector("given-biggan", 11))) {
      java.util.function.Supplier<Degraded> protocol = () -> Degraded.builder()
          .detector("sd14", given).testSet("biggan", val(Generator.BIGGAN))
          .degradation("jpeg30", PaperDegradations.jpeg30()).settings(biased).build();
      Path local = dir.resolve("bias-local");
      Path distributed = dir.resolve("bias-spark");
      DegradedResult a = run(protocol.get(), local, null);
      DegradedResult b = run(protocol.get(), distributed, onSpark);
      assertSameFiles(local, distributed, "scores", scoreFiles(local));
      assertThat(b.cells()).isEqualTo(a.cells());
      // Re-encoding the fakes changed their scores against an uncontrolled run.
      DegradedResult plain = run(Degraded.builder().detector("sd14", given)
          .testSet("biggan", val(Generator.BIGGAN)).degradation("jpeg30",
              PaperDegradations.jpeg30()).settings(SETTINGS).build(), dir.resolve("plain"), onSpark);
      assertThat(b.clean().scores().scores()).isNotEqualTo(plain.clean().scores().scores());
    }
  }

  /** Counts the cells that reach Spark. */
  static final class Counting implements CellScoring {
    final CellScoring inner;
    final List<String> cells = new ArrayList<>();
    final AtomicInteger withFile = new AtomicInteger();

    Counting(CellScoring inner) {
      this.inner = inner;
    }

    @Override
    public CellScores score(ScoreCell cell, Detector detector, Optional<Path> detectorFile,
        String fingerprint, ProtocolSettings settings, BadInputPolicy policy) {
      cells.add(cell.id());
      detectorFile.ifPresent(f -> withFile.incrementAndGet());
      return inner.score(cell, detector, detectorFile, fingerprint, settings, policy);
    }
  }

  @Test
  void writtenCellsAreSkippedOnResumeWhoeverWroteThem() throws IOException {
    SparkCellScoring onSpark = new SparkCellScoring(spark);
    try (Detector given = FixedBatches.padding(SparkFixtures.detector("given-biggan", 11))) {
      Path runDir = dir.resolve("resume");
      Counting first = new Counting(onSpark);
      CrossGeneratorResult full = run(crossGenerator(given), runDir, first);
      assertThat(first.cells).hasSize(6);
      assertThat(first.withFile.get()).as("trained cells ship the saved file").isEqualTo(3);

      Counting again = new Counting(onSpark);
      assertThat(run(crossGenerator(given), runDir, again).cells()).isEqualTo(full.cells());
      assertThat(again.cells).isEmpty();

      Files.delete(runDir.resolve("scores").resolve("score-sd14-on-biggan.json"));
      Counting one = new Counting(onSpark);
      assertThat(run(crossGenerator(given), runDir, one).cells()).isEqualTo(full.cells());
      assertThat(one.cells).containsExactly("score-sd14-on-biggan");

      // A directory the local runner wrote resumes on Spark without rescoring anything.
      Path localDir = dir.resolve("resume-local");
      run(crossGenerator(given), localDir, null);
      Counting fromLocal = new Counting(onSpark);
      assertThat(run(crossGenerator(given), localDir, fromLocal).cells()).isEqualTo(full.cells());
      assertThat(fromLocal.cells).isEmpty();
    }
  }
}
