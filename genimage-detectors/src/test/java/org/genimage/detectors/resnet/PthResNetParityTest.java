package org.genimage.detectors.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.genimage.api.BadModelFileException;
import org.genimage.api.RgbImage;
import org.genimage.api.WeightsSource;
import org.genimage.detectors.DetectorFile;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.WeightImport;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.genimage.detectors.weights.WeightFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .pth} files written by PyTorch 1.13 for a small CNNSpot-style ResNet (make_pth_fixtures.py), in
 * the three published layouts and in float16, import and score the same crops as PyTorch did.
 */
class PthResNetParityTest {
  private static final double TOLERANCE = 1e-4;
  @TempDir
  Path dir;

  private Path fixture(String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/fixtures/pth/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  /** The fixture's network: torchvision's bottleneck ResNet, width 4, one block per stage, one logit. */
  static ResNet architecture() {
    return new ResNet(new ResNetConfig("pth-small", 4, new int[] {1, 1, 1, 1}, Head.SINGLE_LOGIT,
        PreprocessingPipeline.imagenet(0, 64)));
  }

  private List<RgbImage> crops(SafeTensors.Contents io) {
    NamedTensor c = io.get("crops");
    int n = (int) c.shape()[0];
    int side = (int) c.shape()[1];
    List<RgbImage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] rgb = new byte[side * side * 3];
      for (int j = 0; j < rgb.length; j++) {
        rgb[j] = (byte) (int) c.data()[i * rgb.length + j];
      }
      out.add(RgbImage.of(side, side, rgb));
    }
    return out;
  }

  @Test
  void everyLayoutScoresAsPyTorchDid() throws IOException {
    SafeTensors.Contents io = SafeTensors.read(fixture("small.io.safetensors"));
    List<RgbImage> crops = crops(io);
    for (String[] c : new String[][] {{"small_plain.pth", "prob"}, {"small_cnndetection.pth", "prob"},
        {"small_dataparallel.pth", "prob"}, {"small_fp16.pth", "prob_fp16"}}) {
      Path file = fixture(c[0]);
      WeightImport imported = WeightImport.read(architecture(), file, null);
      assertThat(imported.provenance().weights()).isEqualTo(WeightsSource.imported(c[0], WeightFiles.sha256(file)));
      try (NetworkDetector d = imported.detector(c[0], InferenceOptions.defaults())) {
        float[] got = d.scoreBatch(crops);
        float[] want = io.get(c[1]).data();
        assertThat(got).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
          assertThat((double) got[i]).as("%s crop %d", c[0], i).isCloseTo(want[i],
              org.assertj.core.data.Offset.offset(TOLERANCE));
        }
      }
    }
  }

  @Test
  void savedDetectorKeepsTheSourceAndPreprocessing() throws IOException {
    Path file = fixture("small_cnndetection.pth");
    Path out = dir.resolve("imported.gidet");
    WeightImport.read(architecture(), file, null).save(out, "cnndetection-small");
    DetectorFile.Contents saved = DetectorFile.read(out);
    assertThat(saved.provenance().weights())
        .isEqualTo(WeightsSource.imported("small_cnndetection.pth", WeightFiles.sha256(file)));
    assertThat(saved.provenance().notes()).containsEntry(WeightImport.STATE_DICT, "model");
    assertThat(saved.architecture().preprocessing()).isEqualTo(architecture().preprocessing());
    assertThat(saved.architecture().preprocessing().height()).isEqualTo(64);
    assertThat(saved.architecture().config()).isEqualTo(architecture().config());
  }

  @Test
  void namesEveryMissingAndUnexpectedTensor() throws IOException {
    Path file = fixture("small_plain.pth");
    // Two blocks in the first stage: layer1.1.* is missing from the file.
    ResNet deeper = new ResNet(new ResNetConfig("pth-deeper", 4, new int[] {2, 1, 1, 1}, Head.SINGLE_LOGIT,
        PreprocessingPipeline.imagenet(0, 64)));
    assertThatThrownBy(() -> WeightImport.read(deeper, file, null)).isInstanceOf(BadModelFileException.class)
        .hasMessageStartingWith(file.toString()).hasMessageContaining("missing")
        .hasMessageContaining("layer1.1.conv1.weight");
    // Two classes: fc has the wrong shape.
    ResNet twoClass = new ResNet(new ResNetConfig("pth-2", 4, new int[] {1, 1, 1, 1}, Head.TWO_CLASS,
        PreprocessingPipeline.imagenet(0, 64)));
    assertThatThrownBy(() -> WeightImport.read(twoClass, file, null)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("wrong shape").hasMessageContaining("fc.weight");
    assertThat(WeightImport.check(deeper, WeightFiles.read(file, null)).missing()).contains("layer1.1.conv1.weight",
        "layer1.1.bn3.running_var");
  }
}
