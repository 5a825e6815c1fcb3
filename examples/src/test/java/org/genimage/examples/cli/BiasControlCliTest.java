package org.genimage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genimage evaluate ... --bias-control}: the option reaches the protocol's settings, so the
 * result's JSON and the Markdown report record it, and bad text is a usage error naming the
 * grammar.
 */
class BiasControlCliTest {
  @TempDir
  static Path tmp;
  static Path root;

  @BeforeAll
  static void make() {
    root = tmp.resolve("sim");
    Cli made = Cli.run("make-sim-dataset", root.toString(), "--size", "64", "--train-per-label",
        "2", "--val-per-label", "6", "--seed", "5", "--jpeg-reals", "-q");
    assertThat(made.code()).as(made.err()).isZero();
  }

  @Test
  void theControlIsRecordedInTheResultJsonAndTheReport() throws Exception {
    Path run = tmp.resolve("run");
    Cli r = Cli.run("evaluate", "cross-generator", "-q", "--data", root.toString(), "--detector",
        "periodic-artifact", "--train-on", "biggan", "--run-dir", run.toString(),
        "--bias-control", "jpeg96,size=32-128");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.resolve("report/result.json").toFile());
    assertThat(json.get("biasControl").asText()).isEqualTo("jpeg96,size=32-128");
    assertThat(json.get("settings").get("biasControl").asText()).isEqualTo("jpeg96,size=32-128");
    assertThat(json.get("provenance").get("settings").get("biasControl").asText())
        .isEqualTo("jpeg96,size=32-128");
    // The simulated reals are 64x64 JPEG q96: all of them pass, each val subset stays balanced.
    for (JsonNode cell : json.get("cells")) {
      assertThat(cell.get("realSamples").asInt()).isEqualTo(6);
      assertThat(cell.get("fakeSamples").asInt()).isEqualTo(6);
    }
    assertThat(Files.readString(run.resolve("report/report.md")))
        .contains("Bias control: jpeg96,size=32-128: fakes JPEG-compressed at quality 96")
        .doesNotContain("format-only AUC");
    // Fakes reach the detector as JPEGs like the reals: one format, no format-only baseline.
    for (JsonNode cell : json.get("cells")) {
      assertThat(cell.get("formatBaseline").isNull()).as(cell.get("cellId").asText()).isTrue();
    }
    assertThat(r.out()).doesNotContain("format-only AUC").doesNotContain("warning:");
    // Every simulated image is 64x64: one size, no size-only baseline either.
    assertThat(r.out()).doesNotContain("size-only AUC");
    for (JsonNode cell : json.get("cells")) {
      assertThat(cell.get("sizeBaseline").isNull()).as(cell.get("cellId").asText()).isTrue();
    }
  }

  /** Val reals enlarged to 96x96 among 64x64 fakes: the size alone separates, and the CLI says so. */
  @Test
  void largerRealsGetTheSizeOnlyBaselineAndAWarning() throws Exception {
    Path sized = tmp.resolve("sim-sized");
    Cli made = Cli.run("make-sim-dataset", sized.toString(), "--size", "64", "--train-per-label",
        "2", "--val-per-label", "4", "--seed", "6", "-q");
    assertThat(made.code()).as(made.err()).isZero();
    List<Path> reals;
    try (Stream<Path> files = Files.walk(sized)) {
      reals = files.filter(f -> f.toString().replace('\\', '/').contains("/val/nature/")
          && Files.isRegularFile(f)).toList();
    }
    assertThat(reals).isNotEmpty();
    for (Path f : reals) {
      BufferedImage big = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = big.createGraphics();
      g.drawImage(ImageIO.read(f.toFile()), 0, 0, 96, 96, null);
      g.dispose();
      assertThat(ImageIO.write(big, "png", f.toFile())).isTrue();
    }
    Path run = tmp.resolve("run-sized");
    Cli r = Cli.run("evaluate", "cross-generator", "-q", "--data", sized.toString(), "--detector",
        "periodic-artifact", "--train-on", "biggan", "--run-dir", run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.resolve("report/result.json").toFile());
    for (JsonNode cell : json.get("cells")) {
      // Larger scores more fake, and every fake is smaller than every real.
      assertThat(cell.get("sizeBaseline").get("rocAuc").asDouble()).isEqualTo(0.0);
      assertThat(cell.get("sizeBaseline").get("real").get("mostCommonSize").asText())
          .isEqualTo("96x96");
    }
    assertThat(r.out()).contains("size-only AUC").doesNotContain("format-only AUC")
        .contains("warning: score-biggan-on-")
        .contains("image size alone separates real from fake here (size-only AUC 0.000");
    assertThat(Files.readString(run.resolve("report/report.md"))).contains("| size-only AUC |")
        .contains("image size alone separates real from fake here");
    assertThat(r.out()).contains("compare under the size bias control (--bias-control size)");

    // 96x96 lies in [32, 128] around the fakes' 64: the size control keeps every real, and the
    // advice is then about that control, not to use it.
    Cli banded = Cli.run("evaluate", "cross-generator", "-q", "--data", sized.toString(),
        "--detector", "periodic-artifact", "--train-on", "biggan", "--run-dir",
        tmp.resolve("run-sized-band").toString(), "--bias-control", "size");
    assertThat(banded.code()).as(banded.err()).isZero();
    assertThat(banded.out()).contains("warning: score-biggan-on-")
        .contains("it separates them even under this run's size control (size: reals with sides in"
            + " [n/2, 2n]")
        .contains("e.g. --bias-control size=48-85")
        .doesNotContain("compare under the size bias control");
  }

  @Test
  void aBandNoRealFitsLeavesOnlyFakes() throws Exception {
    Path run = tmp.resolve("run-narrow");
    Cli r = Cli.run("evaluate", "cross-generator", "-q", "--data", root.toString(), "--detector",
        "periodic-artifact", "--train-on", "biggan", "--run-dir", run.toString(),
        "--bias-control", "size=65-128");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.resolve("report/result.json").toFile());
    for (JsonNode cell : json.get("cells")) {
      assertThat(cell.get("realSamples").asInt()).isZero();
      assertThat(cell.get("fakeSamples").asInt()).isEqualTo(6);
    }
  }

  @Test
  void withoutTheOptionNoneIsRecorded() throws Exception {
    Path run = tmp.resolve("run-none");
    Cli r = Cli.run("evaluate", "cross-generator", "-q", "--data", root.toString(), "--detector",
        "periodic-artifact", "--train-on", "biggan", "--run-dir", run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.resolve("report/result.json").toFile());
    assertThat(json.get("biasControl").asText()).isEqualTo("none");
    // JPEG reals and PNG fakes: the file format alone separates them, and every output says so.
    for (JsonNode cell : json.get("cells")) {
      assertThat(cell.get("formatBaseline").get("rocAuc").asDouble()).isEqualTo(1.0);
    }
    assertThat(r.out()).contains("format-only AUC").contains("warning: score-biggan-on-")
        .contains("file format alone separates real from fake here");
    assertThat(Files.readString(run.resolve("report/report.md"))).contains("| format-only AUC |")
        .contains("file format alone separates real from fake here");
  }

  @Test
  void badTextIsAUsageErrorNamingTheGrammar() {
    Cli r = Cli.run("evaluate", "cross-generator", "--data", root.toString(), "--detector",
        "periodic-artifact", "--run-dir", tmp.resolve("bad").toString(), "--bias-control",
        "jpeg96,size=600-200");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("biasControl", "size=600-200", "jpeg96,size");
  }

  @Test
  void helpDescribesTheOption() {
    assertThat(Cli.run("evaluate", "--help").out()).contains("--bias-control", "jpeg96,size");
  }
}
