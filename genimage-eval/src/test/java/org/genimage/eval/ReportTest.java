package org.genimage.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import javax.imageio.ImageIO;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.eval.metrics.EvaluationOptions;
import org.genimage.eval.protocol.ClassCount;
import org.genimage.eval.protocol.ClassCountResult;
import org.genimage.eval.protocol.CrossContent;
import org.genimage.eval.protocol.CrossContentResult;
import org.genimage.eval.protocol.CrossGenerator;
import org.genimage.eval.protocol.CrossGeneratorResult;
import org.genimage.eval.protocol.Degraded;
import org.genimage.eval.protocol.DegradedResult;
import org.genimage.eval.report.Report;
import org.genimage.eval.report.ReportFigure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports of runs named like the paper's settings: tables, paper figures, notes, files, PNGs. */
class ReportTest {
  @TempDir
  Path tmp;

  /**
   * Where reports go: a temporary folder, or {@code target/report-preview} when the system property
   * {@code genimage.keepReports} is set, so the Markdown and PNGs can be looked at.
   */
  private Path out(String name) {
    return System.getProperty("genimage.keepReports") != null
        ? Path.of("target", "report-preview", name) : tmp.resolve(name);
  }

  private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults()
      .withEvaluation(EvaluationOptions.defaults().withBootstrap(50, 0.95, 3).withOracle(true));

  private Experiment experiment(FakeWorld w, String name) {
    return Experiment.builder().runDirectory(tmp.resolve(name)).threads(2).detectorLoader(w::load)
        .build();
  }

  private static ImageTransform shift(String description, int delta) {
    return new ImageTransform() {
      @Override
      public RgbImage apply(RgbImage image, RandomGenerator random) {
        int v = Math.max(0, Math.min(255, image.sample(0, 0, 0) + delta));
        return RgbImage.filled(image.width(), image.height(), v, v, v);
      }

      @Override
      public String description() {
        return description;
      }
    };
  }

  @Test
  void crossGeneratorReportPrintsThePapersRowAndWritesAllFiles() throws IOException {
    FakeWorld w = new FakeWorld();
    w.detectorName = "resnet50";
    String[] names = {"sd14", "midjourney", "biggan"};
    CrossGenerator.Builder b = CrossGenerator.builder().trainer(w.trainer()).settings(SETTINGS);
    for (int g = 0; g < names.length; g++) {
      b.subset(names[g], w.subset(names[g], g, 10, "train"), w.subset(names[g], g, 10, "val"));
    }
    CrossGeneratorResult r = experiment(w, "run").run(b.build());
    ReportFigure extra = new ReportFigure() {
      @Override
      public String title() {
        return "Average spectra (contributed)";
      }

      @Override
      public void writePng(Path file) {
        try {
          ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
    Report report = Report.builder(r).figure(extra).histograms(2).build();
    Path out = out("cross-generator");
    List<Path> files = report.writeTo(out);

    String md = Files.readString(out.resolve(Report.MARKDOWN));
    // Our row for sd14 and the paper's ResNet-50 row beside it (MJ 54.9, SD1.4 99.9, BigGAN 52.0).
    assertThat(md).contains("| sd14 | 100.0 |").contains("| *paper, ResNet-50* | *99.9* | *54.9* | "
        + "*52.0* |  |");
    // The paper's averages cover eight subsets: not printed beside a three-subset run.
    assertThat(md).doesNotContain("*72.1*").doesNotContain("paper 8x8 column mean");
    assertThat(md).contains("Real acc").contains("Fake acc").contains("AP").contains("AUC")
        .contains("Oracle acc (tuned on test labels)").contains("not a deployable figure");
    assertThat(md).contains("Fake or JPEG?").contains("71.3 to 83.4");
    assertThat(md).contains("column avg").contains("sha256:").contains("TRAINING_SUBSET_VAL");
    assertThat(md).contains("![Average spectra (contributed)](figures/average-spectra-contributed.png)");

    List<String> csv = Files.readAllLines(out.resolve(Report.CSV));
    assertThat(csv).hasSize(1 + 9);
    assertThat(csv.get(0)).startsWith("protocol,cell_id,detector").contains("roc_auc_lower")
        .endsWith("paper_accuracy");
    assertThat(csv).anyMatch(l -> l.contains("score-sd14-on-biggan") && l.endsWith(",0.52"));

    JsonNode json = new ObjectMapper().readTree(out.resolve(Report.JSON).toFile());
    assertThat(json.get("protocol").asText()).isEqualTo("cross-generator");
    assertThat(json.get("cells")).hasSize(9);
    assertThat(json.get("matrix").get("accuracy").get(0).get(0).asDouble()).isEqualTo(1.0);
    assertThat(json.get("provenance").get("libraryVersion").asText()).isNotBlank();
    assertThat(json.get("cells").get(0).get("metrics").has("average_precision")).isTrue();

    assertThat(files).hasSize(3 + 2 + 2 + 1);
    for (Path f : files) {
      if (f.toString().endsWith(".png")) {
        BufferedImage img = ImageIO.read(f.toFile());
        assertThat(img).as(f.toString()).isNotNull();
      }
    }
    BufferedImage heat = ImageIO.read(out.resolve("figures").resolve(
        report.figures().get(0).fileName()).toFile());
    assertThat(heat.getWidth()).isGreaterThan(300);
  }

  @Test
  void degradedReportMatchesThePapersDegradationsByName() throws IOException {
    FakeWorld w = new FakeWorld();
    w.detectorName = "CNNSpot";
    Degraded p = Degraded.builder()
        .trainer(w.trainer(), "sd14", w.subset("sd14", 0, 10, "train"), w.subset("sd14", 0, 10, "val"))
        .testSet("sd14", w.subset("sd14", 0, 10, "val"))
        .degradation("jpeg_q30", shift("jpeg(quality=30)", -10))
        .degradation("blur_s3", shift("gaussian_blur(sigma=3.0)", -40))
        .degradation("lr64", shift("downsample(size=64)", -70))
        .degradation("sharpen", shift("sharpen(amount=1)", 5))
        .settings(SETTINGS).build();
    DegradedResult r = experiment(w, "deg").run(p);
    String md = Report.builder(r).build().markdown();
    // CNNSpot's published degraded row: JPEG q30 97.3, blur s3 97.4, LR 64 50.0; clean = SD1.4 96.3.
    assertThat(md).contains("| sd14 | sd14 | jpeg_q30 |").contains("*97.3* |")
        .contains("*97.4* |").contains("*50.0* |").contains("*96.3* |")
        .contains("(paper: 78.3)");
    String sharpenRow = md.lines().filter(l -> l.contains("| sharpen |")).findFirst().orElseThrow();
    assertThat(sharpenRow).endsWith("|  |");
    Path out = out("degraded");
    Report.builder(r).build().writeTo(out);
    assertThat(out.resolve("figures/degraded-images-accuracy-and-auc-per-condition.png")).exists();
  }

  @Test
  void classCountAndCrossContentReports() throws IOException {
    FakeWorld w = new FakeWorld();
    ClassCount cc = ClassCount.builder().trainer(w.trainer()).classCounts(2, 5)
        .trainingSets(n -> w.subset("c" + n, n % 3, n, "train"))
        .validationSets(n -> w.subset("c" + n, n % 3, n, "val"))
        .testSet("all", w.subset("all", 1, 10, "val")).settings(SETTINGS).build();
    ClassCountResult ccr = experiment(w, "cc").run(cc);
    assertThat(ccr.cell(5).evaluation().samples()).isEqualTo(20);
    Report.builder(ccr).build().writeTo(out("class-count"));
    assertThat(out("class-count").resolve("figures/class-count-generalisation-accuracy-and-auc-per-"
        + "training-classes.png")).exists();

    CrossContent ct = CrossContent.builder()
        .trainer(w.trainer(), "sd14", w.subset("sd14", 0, 10, "train"), w.subset("sd14", 0, 10, "val"))
        .target("lfw-faces", w.subset("faces", 1, 10, "val"))
        .target("laion-art", w.subset("art", 2, 10, "val")).settings(SETTINGS).build();
    CrossContentResult ctr = experiment(w, "ct").run(ct);
    String md = Report.builder(ctr).build().markdown();
    assertThat(md).contains("*99.9*").contains("*95.0*");
    Report.builder(ctr).build().writeTo(out("cross-content"));
    assertThat(ctr.target("laion-art").accuracy()).isEqualTo(0.5);
  }
}
