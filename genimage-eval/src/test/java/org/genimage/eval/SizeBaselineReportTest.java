package org.genimage.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BiasControl;
import org.genimage.api.Dataset;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.eval.metrics.EvaluationOptions;
import org.genimage.eval.metrics.SizeBaseline;
import org.genimage.eval.protocol.CrossGeneratorResult;
import org.genimage.eval.report.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size-only baseline in results and every report format: shown with a warning where fakes and
 * reals differ in size, absent (null in the JSON) where every image has one size, taken from the
 * sizes before degradation and fitting, and absent, never wrong, for a cell resumed from a score
 * file written before sizes were recorded.
 */
class SizeBaselineReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults()
      .withEvaluation(EvaluationOptions.defaults().withBootstrap(40, 0.95, 5));

  @Test
  void smallFakesAmongLargeRealsGetTheBaselineAndTheWarningInEveryFormat() throws Exception {
    FakeWorld w = new FakeWorld();
    w.imageSide = 96;
    w.fakeSide = 64;
    w.realExtension = "JPEG"; // the format-only baseline too, so the columns' order shows
    CrossGeneratorResult r = w.crossGenerator(tmp.resolve("run"), SETTINGS);
    for (CellResult c : r.cells()) {
      SizeBaseline b = c.sizeBaseline().orElseThrow();
      // Larger scores more fake; every fake is smaller than every real.
      assertThat(b.rocAuc()).isEqualTo(0.0);
      assertThat(b.separation()).isEqualTo(1.0);
      assertThat(b.real().mostCommonSize()).isEqualTo("96x96");
      assertThat(b.real().images()).isEqualTo(8);
      assertThat(b.fake().mostCommonSize()).isEqualTo("64x64");
      assertThat(b.interval().orElseThrow().replicates()).isEqualTo(40);
    }
    // The sizes are in the score file, which a resumed run reads them back from.
    JsonNode stored = JSON.readTree(tmp.resolve("run/scores/score-sd14-on-biggan.json").toFile());
    assertThat(stored.get("widths").size()).isEqualTo(16);
    assertThat(stored.get("heights").toString()).contains("96").contains("64");
    Report report = Report.builder(r).histograms(0).build();

    String md = report.markdown();
    String header = md.lines().filter(l -> l.startsWith("| trained on | tested on |")).findFirst()
        .orElseThrow();
    assertThat(header).contains("| AUC | format-only AUC | size-only AUC |");
    assertThat(md.lines().filter(l -> l.startsWith("| sd14 | biggan |")).findFirst()
        .orElseThrow()).contains("| **100.0** [100.0, 100.0] | **0.0** [0.0, 0.0] |");
    assertThat(md).contains("**Size-only baseline.**")
        .contains("**Warning** (score-sd14-on-biggan): image size alone separates real from fake"
            + " here (size-only AUC 0.000, the fakes are the smaller; reals: 8 images of 1 size,"
            + " most often 96x96 (8), 9216 to 9216 pixels; fakes: 8 images of 1 size, most often"
            + " 64x64 (8), 4096 to 4096 pixels); compare under the size bias control"
            + " (--bias-control size)");

    List<String> csv = report.csv().lines().toList();
    List<String> columns = Arrays.asList(csv.get(0).split(","));
    int auc = columns.indexOf("size_baseline_auc");
    assertThat(auc).isEqualTo(columns.indexOf("format_separates") + 1);
    assertThat(columns.get(auc + 3)).isEqualTo("size_separates");
    assertThat(columns.subList(auc + 4, columns.size())).containsExactly(
        "size_fake_exact_overlap", "size_real_exact_overlap", "paper_accuracy");
    String[] row = csv.get(1).split(",", -1);
    assertThat(row).hasSize(columns.size());
    assertThat(row[auc]).isEqualTo("0.0");
    assertThat(row[auc + 3]).isEqualTo("true");
    // No fake is 96x96, no real 64x64.
    assertThat(row[auc + 4]).isEqualTo("0.0");
    assertThat(row[auc + 5]).isEqualTo("0.0");
    assertThat(md).contains("Exact-size overlap (score-sd14-on-biggan): fakes sharing a real's"
        + " exact size 0.0%, reals sharing a fake's 0.0%.");

    JsonNode json = JSON.readTree(report.json());
    JsonNode b = json.get("cells").get(0).get("sizeBaseline");
    assertThat(b.get("rocAuc").asDouble()).isEqualTo(0.0);
    assertThat(b.get("sizeSeparates").asBoolean()).isTrue();
    assertThat(b.get("warning").asText()).startsWith("image size alone separates real from fake");
    assertThat(b.get("real").get("mostCommonSize").asText()).isEqualTo("96x96");
    assertThat(b.get("fake").get("maxPixels").asLong()).isEqualTo(64 * 64);
    assertThat(b.get("interval").get("replicates").asInt()).isEqualTo(40);
    assertThat(b.get("fakeExactSizeOverlap").asDouble()).isEqualTo(0.0);
    assertThat(b.get("fake").get("sharedSizeImages").asInt()).isZero();
    assertThat(json.get("sizeBaselineNote").asText()).contains("size-only AUC")
        .contains("--bias-control size");
  }

  /**
   * The same cells reported under settings whose bias control has a size band (set on the result:
   * genimage-eval has no provider to apply it): every renderer's advice is then about that band.
   */
  @Test
  void underASizeBandTheReportsSayItSeparatesEvenSoAndHowToNarrowIt() throws Exception {
    FakeWorld w = new FakeWorld();
    w.imageSide = 96;
    w.fakeSide = 64;
    CrossGeneratorResult plain = w.crossGenerator(tmp.resolve("run"), SETTINGS);
    CrossGeneratorResult r = new CrossGeneratorResult(plain.settings().withBiasControl(
        BiasControl.parse("jpeg96,size")), plain.provenance(), plain.trainedOn(), plain.testedOn(),
        plain.cells());
    Report report = Report.builder(r).histograms(0).build();
    String md = report.markdown();
    assertThat(md).contains("This run's size control (size) keeps only reals whose sides lie in"
        + " [n/2, 2n]").doesNotContain("compare under the size bias control");
    assertThat(md).contains("**Warning** (score-sd14-on-biggan): image size alone separates")
        .contains("it separates them even under this run's size control (size: reals with sides"
            + " in [n/2, 2n]")
        // 3/4 and 4/3 of the fakes' 64, the JPEG item kept.
        .contains("e.g. --bias-control jpeg96,size=48-85.");
    JsonNode json = JSON.readTree(report.json());
    assertThat(json.get("sizeBaselineNote").asText()).contains("This run's size control (size)")
        .doesNotContain("Compare under --bias-control size,");
    assertThat(json.get("cells").get(0).get("sizeBaseline").get("warning").asText())
        .contains("even under this run's size control");
  }

  @Test
  void oneSizeShowsNothingAndTheJsonSaysNull() throws Exception {
    CrossGeneratorResult r = new FakeWorld().crossGenerator(tmp.resolve("run"), SETTINGS); // every image 8x8
    assertThat(r.cells()).allSatisfy(c -> assertThat(c.sizeBaseline()).isEmpty());
    Report report = Report.builder(r).histograms(0).build();
    assertThat(report.markdown()).doesNotContain("size-only").doesNotContain("Size-only");
    JsonNode json = JSON.readTree(report.json());
    assertThat(json.has("sizeBaselineNote")).isFalse();
    for (JsonNode c : json.get("cells")) {
      assertThat(c.has("sizeBaseline")).isTrue();
      assertThat(c.get("sizeBaseline").isNull()).isTrue();
    }
    List<String> csv = report.csv().lines().toList();
    int auc = Arrays.asList(csv.get(0).split(",")).indexOf("size_baseline_auc");
    String[] row = csv.get(1).split(",", -1);
    assertThat(Arrays.copyOfRange(row, auc, auc + 4)).containsOnly("");
  }

  /**
   * Sizes that depend on the sample, under a degradation that shrinks every image and a detector
   * whose input enlarges it again: the baseline is the pair count over the sizes as loaded.
   */
  @Test
  void mixedSizesGiveThePairCountOfTheSizesAsLoaded() {
    FakeWorld w = new FakeWorld();
    Dataset base = w.subset("mix", 0, 12, "val");
    Dataset sized = Dataset.of("mix/val", base.samples(), s -> {
      RgbImage im = base.load(s);
      int level = im.sample(0, 0, 0);
      return RgbImage.filled(width(s), height(s), level, level, level);
    });
    ImageTransform shrink = new ImageTransform() {
      @Override
      public RgbImage apply(RgbImage image, RandomGenerator random) {
        int level = image.sample(0, 0, 0);
        return RgbImage.filled(4, 4, level, level, level);
      }

      @Override
      public String description() {
        return "shrink to 4x4";
      }
    };
    w.inputSize = 16;
    ExperimentPlan plan = new ExperimentPlan(List.of(), Map.of("given",
        new ExperimentPlan.GivenDetector(w.new LevelDetector(130), "sd14")),
        List.of(new ScoreCell("score-mix", "given", "mix", sized, "shrink", shrink)), SETTINGS);
    RunOutcome o = Experiment.builder().runDirectory(tmp.resolve("run-mixed")).threads(2).build()
        .execute("size", plan);
    // The detector saw one size only; the baseline describes the loaded images.
    assertThat(w.sizesSeen).containsExactly("16x16");
    CellResult c = o.cell("score-mix");
    double wins = 0;
    int pairs = 0;
    for (Sample real : sized.samples()) {
      for (Sample fake : sized.samples()) {
        if (real.label() == Label.REAL && fake.label() == Label.FAKE) {
          long r = (long) width(real) * height(real);
          long f = (long) width(fake) * height(fake);
          wins += f > r ? 1 : f == r ? 0.5 : 0;
          pairs++;
        }
      }
    }
    double expected = wins / pairs;
    SizeBaseline b = c.sizeBaseline().orElseThrow();
    assertThat(b.rocAuc()).isCloseTo(expected, within(1e-12));
    assertThat(expected).isStrictlyBetween(0.1, 0.9);
    assertThat(b.sizeSeparates()).isFalse();
    assertThat(b.real().distinctSizes() + b.fake().distinctSizes()).isGreaterThan(2);
  }

  /** Index i of either class: side 20 + 4 * (i % 4), fakes 4 pixels taller every third image. */
  private static int width(Sample s) {
    return 20 + 4 * (index(s) % 4);
  }

  private static int height(Sample s) {
    return width(s) + (s.label() == Label.FAKE && index(s) % 3 == 0 ? 4 : 0);
  }

  private static int index(Sample s) {
    return Integer.parseInt(s.id().replaceAll(".*/(\\d+)\\.\\w+", "$1"));
  }

  @Test
  void aCellResumedFromAScoreFileWithoutSizesHasNoBaselineRatherThanAWrongOne() throws Exception {
    FakeWorld w = new FakeWorld();
    w.imageSide = 96;
    w.fakeSide = 64;
    w.realExtension = "jpg";
    Dataset test = w.subset("sd14", 0, 6, "val");
    Path dir = tmp.resolve("run-resume");
    RunOutcome first = run(w, test, dir);
    CellResult fresh = first.cell("score-mix");
    assertThat(fresh.sizeBaseline()).isPresent();
    int scored = w.imagesScored.get();
    // Resumed from a file with sizes: the same baseline, nothing scored again.
    RunOutcome again = run(w, test, dir);
    assertThat(again.resumedCells()).contains("score-mix");
    assertThat(again.cell("score-mix").sizeBaseline()).isEqualTo(fresh.sizeBaseline());

    // The file as a run from before sizes were recorded wrote it: no sizes, its own digest.
    Path file = dir.resolve("scores/score-mix.json");
    ObjectNode tree = (ObjectNode) JSON.readTree(file.toFile());
    tree.remove(List.of("widths", "heights", RunFiles.DIGEST));
    tree.put(RunFiles.DIGEST, "sha256:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(tree))));
    Files.write(file, JSON.writeValueAsBytes(tree));
    RunOutcome old = run(w, test, dir);
    assertThat(old.resumedCells()).contains("score-mix");
    assertThat(w.imagesScored.get()).isEqualTo(scored);
    CellResult c = old.cell("score-mix");
    assertThat(c.scores().sizesRecorded()).isFalse();
    assertThat(c.sizeBaseline()).isEmpty();
    // Everything else is as before.
    assertThat(c.formatBaseline()).isEqualTo(fresh.formatBaseline()).isPresent();
    assertThat(c.evaluation().rocAuc()).isEqualTo(fresh.evaluation().rocAuc());
    JsonNode cell = JSON.readTree(Report.builder(result(old, c)).histograms(0).build().json())
        .get("cells").get(0);
    assertThat(cell.get("sizeBaseline").isNull()).isTrue();
    assertThat(cell.get("formatBaseline").isObject()).isTrue();

    // One of the two without the other is not a file the runner writes: refused, not guessed.
    tree.remove(RunFiles.DIGEST);
    tree.set("widths", JSON.valueToTree(fresh.scores().widths()));
    Files.write(file, JSON.writeValueAsBytes(tree));
    assertThatThrownBy(() -> run(w, test, dir)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("heights");
  }

  private static ExperimentResult result(RunOutcome o, CellResult c) {
    return new ExperimentResult() {
      @Override
      public String protocol() {
        return "size";
      }

      @Override
      public ProtocolSettings settings() {
        return o.plan().settings();
      }

      @Override
      public RunProvenance provenance() {
        return o.provenance();
      }

      @Override
      public List<CellResult> cells() {
        return List.of(c);
      }
    };
  }

  private RunOutcome run(FakeWorld w, Dataset test, Path dir) {
    ExperimentPlan plan = new ExperimentPlan(List.of(), Map.of("given",
        new ExperimentPlan.GivenDetector(w.new LevelDetector(130), "sd14")),
        List.of(new ScoreCell("score-mix", "given", "mix", test, ScoreCell.CLEAN,
            ImageTransform.identity())), SETTINGS);
    return Experiment.builder().runDirectory(dir).threads(1).build().execute("size", plan);
  }
}
