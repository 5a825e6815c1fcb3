package org.genimage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.genimage.api.Dataset;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.Sample;
import org.genimage.dataset.Split;
import org.genimage.examples.DataSources;
import org.genimage.examples.DetectImages;
import org.genimage.examples.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make-sim-dataset} writes the GenImage layout that the tool reads back, and {@code detect}
 * scores the images it made: one row per file, probabilities in [0, 1], the default spectral
 * detector separating up-sampled fakes from reals, bad files reported with exit code 3.
 */
class DetectAndDatasetTest {
  @TempDir
  static Path tmp;
  static Path root;
  static Cli made;

  @BeforeAll
  static void make() {
    root = tmp.resolve("sim");
    made = Cli.run("make-sim-dataset", root.toString(), "--size", "64", "--train-per-label", "6",
        "--val-per-label", "12", "--seed", "3", "-q");
  }

  @Test
  void makeSimDatasetWritesTheReleaseLayout() {
    assertThat(made.code()).isZero();
    assertThat(made.out()).contains("sd14", "biggan", "vqdm", "midjourney", "Written: ");
    for (String dir : List.of("stable_diffusion_v_1_4/imagenet_ai_0419_sdv4",
        "BigGAN/imagenet_ai_0419_biggan", "VQDM/imagenet_ai_0419_vqdm",
        "Midjourney/imagenet_midjourney")) {
      for (String leaf : List.of("train/ai", "train/nature", "val/ai", "val/nature")) {
        assertThat(root.resolve(dir).resolve(leaf)).isDirectory();
      }
    }
    assertThat(root.resolve("imagenet_val_ground_truth.txt")).isRegularFile();
    // Reals are PNG by default: no JPEG-vs-PNG shortcut for a detector to learn.
    assertThat(root.resolve("BigGAN/imagenet_ai_0419_biggan/train/nature")).isDirectoryContaining(
        p -> p.getFileName().toString().endsWith(".png"));
  }

  @Test
  void theWrittenTreeReadsBackAsFourBalancedSubsets() {
    Dataset data = DataSources.open(root, Progress.NONE);
    Map<String, Dataset> train = DataSources.byGenerator(DataSources.split(data, Split.TRAIN));
    Map<String, Dataset> val = DataSources.byGenerator(DataSources.split(data, Split.VAL));
    assertThat(train.keySet()).containsExactlyInAnyOrder("sd14", "biggan", "vqdm", "midjourney");
    assertThat(val.keySet()).isEqualTo(train.keySet());
    for (Dataset d : train.values()) {
      assertThat(d.count(Label.REAL)).isEqualTo(6);
      assertThat(d.count(Label.FAKE)).isEqualTo(6);
    }
    for (Dataset d : val.values()) {
      assertThat(d.count(Label.REAL)).isEqualTo(12);
      assertThat(d.count(Label.FAKE)).isEqualTo(12);
    }
    assertThat(DataSources.subset(data, Split.VAL, "BigGAN").samples())
        .allMatch(s -> s.generator().equals(Generator.BIGGAN));
  }

  @Test
  void detectPrintsOneRowPerImageWithProbabilities() throws Exception {
    Path folder = root.resolve("BigGAN/imagenet_ai_0419_biggan/val");
    Cli r = Cli.run("detect", "--json", "-q", folder.toString());
    assertThat(r.code()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("detector").asText()).isEqualTo("periodic-artifact");
    assertThat(doc.get("engine").asText()).isEqualTo("Java");
    assertThat(doc.get("images")).hasSize(24);
    for (JsonNode row : doc.get("images")) {
      double p = row.get("probability").asDouble();
      assertThat(p).isBetween(0.0, 1.0);
      assertThat(row.get("generated").asBoolean()).isEqualTo(p > 0.5);
    }
    Cli table = Cli.run("detect", "-q", folder.resolve("ai").toString());
    assertThat(table.code()).isZero();
    assertThat(table.out().lines().filter(l -> l.contains(".png")).count()).isEqualTo(12);
  }

  @Test
  void defaultDetectorScoresUpSampledFakesAboveReals() {
    Dataset val = DataSources.subset(DataSources.open(root, Progress.NONE), Split.VAL, "biggan");
    List<Path> fakes = val.samples().stream().filter(s -> s.label() == Label.FAKE)
        .map(Sample::path).toList();
    List<Path> reals = val.samples().stream().filter(s -> s.label() == Label.REAL)
        .map(Sample::path).toList();
    double fake = mean(DetectImages.run(fakes, null, 0.5, Progress.NONE));
    double real = mean(DetectImages.run(reals, null, 0.5, Progress.NONE));
    assertThat(fake).isGreaterThan(real);
  }

  @Test
  void aCorruptFileIsReportedAndTheOthersAreStillScored() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("mixed"));
    Path good = root.resolve("VQDM/imagenet_ai_0419_vqdm/val/ai");
    try (var files = Files.list(good)) {
      for (Path p : files.limit(2).toList()) {
        Files.copy(p, dir.resolve(p.getFileName()));
      }
    }
    Files.write(dir.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    Cli r = Cli.run("detect", "-q", dir.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.out()).contains("broken.png").contains("error");
    // A scored line starts with the probability, which may print as 1.0000 for a clear fake.
    assertThat(r.out().lines().filter(l -> l.matches("\\s+[01]\\.\\d{4}\\s+.*")).count())
        .as(r.out()).isEqualTo(2);
    assertThat(r.err()).contains("1 of 3 files could not be read");
  }

  @Test
  void spectrumAveragesEachGroupAndDrawsPictures() throws Exception {
    Path out = tmp.resolve("spectrum");
    Cli r = Cli.run("spectrum", root.toString(), "--size", "64", "-o", out.toString(), "-q");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("real", "biggan", "sd14");
    for (String png : List.of("spectra.png", "radial-profiles.png")) {
      var img = javax.imageio.ImageIO.read(out.resolve(png).toFile());
      assertThat(img).isNotNull();
      assertThat(img.getWidth()).isGreaterThan(100);
    }
  }

  @Test
  void trainRunsARecipeAndSaysWhenItCannotBeSaved() {
    Cli r = Cli.run("train", "-q", "--detector", "periodic-artifact", "--data", root.toString(),
        "--generator", "biggan", "-o", tmp.resolve("pa.gidet").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("trained periodic-artifact on 12 images", "cannot be saved");
  }

  @Test
  void evaluateCrossGeneratorPrintsTheMatrixAndWritesTheReportThenResumes() {
    Path run = tmp.resolve("cg-run");
    String[] args = {"evaluate", "cross-generator", "-q", "--data", root.toString(),
        "--detector", "periodic-artifact", "--train-on", "biggan", "--run-dir", run.toString()};
    Cli r = Cli.run(args);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("score-biggan-on-")).count())
        .isEqualTo(4);
    assertThat(run.resolve("report/report.md")).isRegularFile();
    assertThat(run.resolve("report/figures")).isDirectoryContaining(
        p -> p.getFileName().toString().startsWith("average-residual"));
    Cli again = Cli.run(args);
    assertThat(again.code()).isZero();
    assertThat(again.out()).isEqualTo(r.out());
  }

  @Test
  void aFileWhoseNameGivesNoClassIsIndexedAndWarnedOfEvenWhenQuiet() throws Exception {
    Path copy = tmp.resolve("renamed");
    Path subset = root.resolve("BigGAN/imagenet_ai_0419_biggan");
    try (var files = Files.walk(subset)) {
      for (Path p : files.toList()) {
        Path to = copy.resolve(root.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    Path ai = copy.resolve("BigGAN/imagenet_ai_0419_biggan/train/ai");
    try (var files = Files.list(ai)) {
      Path first = files.sorted().findFirst().orElseThrow();
      Files.move(first, ai.resolve("renamed-by-a-mirror.png"));
    }
    Cli r = Cli.run("train", "-q", "--detector", "periodic-artifact", "--data", copy.toString(),
        "--generator", "biggan", "-o", tmp.resolve("renamed.gidet").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("trained periodic-artifact on 12 images");
    assertThat(r.err()).contains("genimage: warning: BigGAN/imagenet_ai_0419_biggan/train/ai: 1 generated "
        + "file with a name following no known pattern (1 without a class, 0 without a generator), "
        + "e.g. renamed-by-a-mirror.png");
  }

  private static double mean(DetectImages.Result r) {
    return r.scores().stream().mapToDouble(DetectImages.ImageScore::probability).average()
        .orElseThrow();
  }
}
