package org.genimage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.genimage.detectors.Architectures;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genimage import} on the checkpoints PyTorch wrote for genimage-detectors' tests
 * (genimage-detectors/src/test/python/make_pth_fixtures.py), then {@code genimage detect} on the imported file.
 */
class PthImportCliTest {
  /** The fixtures, read from the sibling module of this source tree. */
  private static final Path FIXTURES = Path.of("..", "genimage-detectors", "src", "test", "resources",
      "fixtures", "pth");
  /** The fixture network as fields replacing the small 'resnet' recipe's config. */
  private static final String SMALL = "{\"name\":\"pth-small\",\"width\":4}";

  @TempDir
  Path dir;

  @BeforeEach
  void fixturesPresent() {
    assumeThat(FIXTURES.resolve("small_cnndetection.pth")).exists();
  }

  @Test
  void importThenDetectScoresAsPyTorchDid() throws Exception {
    Path model = dir.resolve("cnndetection-small.gidet");
    Cli imp = Cli.run("import", FIXTURES.resolve("small_cnndetection.pth").toString(), "--family", "resnet",
        "--config", SMALL, "-o", model.toString());
    assertThat(imp.code()).as(imp.err()).isZero();
    // 17 convolutions, 17 batch norms of 4 tensors (num_batches_tracked is skipped) and fc's 2.
    assertThat(imp.out()).contains("imported 87 tensors").contains("imported.state_dict: model")
        .contains("source: small_cnndetection.pth (sha256 ").contains("preprocessing: [");
    // A 64x64 crop as PNG (lossless), scored by the imported detector and by PyTorch (the fixture's 'prob').
    SafeTensors.Contents io = SafeTensors.read(FIXTURES.resolve("small.io.safetensors"));
    NamedTensor crops = io.get("crops");
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int o = (y * 64 + x) * 3;
        float[] d = crops.data();
        img.setRGB(x, y, ((int) d[o] << 16) | ((int) d[o + 1] << 8) | (int) d[o + 2]);
      }
    }
    Path png = dir.resolve("crop0.png");
    ImageIO.write(img, "png", png.toFile());
    Cli det = Cli.run("detect", "--json", "-q", "--model", model.toString(), png.toString());
    assertThat(det.code()).as(det.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(det.out());
    double p = doc.get("images").get(0).get("probability").asDouble();
    assertThat(p).isCloseTo(io.get("prob").data()[0], org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void aMismatchListsEveryTensorAndExitsThree() {
    Cli r = Cli.run("import", FIXTURES.resolve("small_plain.pth").toString(), "--family", "resnet",
        "--config", "{\"width\":4,\"blocks\":[2,1,1,1]}", "-o", dir.resolve("x.gidet").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    // Every missing tensor on its own line (the exception message abbreviates long lists).
    assertThat(r.err()).contains("missing: layer1.1.conv1.weight").contains("missing: layer1.1.bn3.running_var")
        .contains("weights do not match the architecture");
    assertThat(dir.resolve("x.gidet")).doesNotExist();
  }

  @Test
  void everyRegisteredFamilyAndVariantHasADefaultToCheckAgainst() {
    // A small ResNet checkpoint is the wrong file for these: the family's default config is built (no usage
    // error) and the mismatch is what is reported. Families registered later (npr, univfd, ...) are included.
    java.util.Set<String> names = new java.util.TreeSet<>(Architectures.providers().keySet());
    names.addAll(Architectures.variants().keySet());
    names.remove("resnet");
    assertThat(names).contains("npr", "univfd", "deit_s", "swin_t", "f3net", "gramnet", "spec");
    for (String family : names) {
      Cli r = Cli.run("import", FIXTURES.resolve("small_plain.pth").toString(), "--family", family, "-o",
          dir.resolve(family + ".gidet").toString());
      assertThat(r.code()).as(family + ": " + r.err()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(r.err()).as(family).contains("weights do not match the architecture");
    }
  }

  @Test
  void aMaliciousOrLegacyFileIsABadModelFile() {
    Cli evil = Cli.run("import", FIXTURES.resolve("malicious.pth").toString(), "--family", "resnet", "-o",
        dir.resolve("e.gidet").toString());
    assertThat(evil.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(evil.err()).contains("posix.system").contains("nothing in the file was run");
    Cli legacy = Cli.run("import", FIXTURES.resolve("legacy.pth").toString(), "--family", "resnet", "-o",
        dir.resolve("l.gidet").toString());
    assertThat(legacy.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(legacy.err()).contains("legacy format").contains("torch.save(torch.load(");
  }

  @Test
  void anUnknownFamilyOrATrainingFreeOneIsAUsageError() throws Exception {
    Path pth = FIXTURES.resolve("small_plain.pth");
    Cli unknown = Cli.run("import", pth.toString(), "--family", "nosuchnet", "-o", dir.resolve("u").toString());
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("nosuchnet").contains("resnet50");
    Cli free = Cli.run("import", pth.toString(), "--family", "periodic-artifact", "-o",
        dir.resolve("p").toString());
    assertThat(free.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(free.err()).contains("no weights to import");
    assertThat(Files.list(dir)).isEmpty();
  }
}
