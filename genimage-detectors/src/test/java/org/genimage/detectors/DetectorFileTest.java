package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.RgbImage;
import org.genimage.detectors.resnet.CnnSpot;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorFileTest {
  @TempDir
  Path dir;

  static RgbImage image(int w, int h, int seed) {
    byte[] b = new byte[3 * w * h];
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return RgbImage.wrap(w, h, b);
  }

  private NetworkDetector small() {
    ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
    return NetworkDetector.create("tiny", arch, arch.initialise(5), Map.of("note", "test"),
        InferenceOptions.defaults());
  }

  @Test
  void savesAndLoadsThroughTheApiWithIdenticalScoresAndProvenance() {
    Path f = dir.resolve("tiny.gidet");
    List<RgbImage> imgs = List.of(image(80, 64, 1), image(64, 64, 2), image(100, 120, 3));
    float[] before;
    try (NetworkDetector d = small()) {
      before = d.scoreBatch(imgs);
      d.save(f);
    }
    assertThat(DetectorFile.isDetectorFile(f)).isTrue();
    try (Detector d = Detectors.load(f)) {
      assertThat(d).isInstanceOf(NetworkDetector.class);
      assertThat(d.scoreBatch(imgs)).containsExactly(before);
      assertThat(d.info().architecture()).isEqualTo("resnet-small");
      assertThat(d.info().provenance()).containsEntry("note", "test").containsKey("genimage.version");
      assertThat(d.score(imgs.get(1))).isEqualTo(before[1]);
    }
    for (float p : before) {
      assertThat(p).isBetween(0f, 1f);
    }
  }

  @Test
  void batchingAndLayoutDoNotChangeScores() {
    ResNet arch = new ResNet(ResNetConfig.small(Head.SINGLE_LOGIT));
    Map<String, NamedTensor> w = arch.initialise(9);
    List<RgbImage> imgs = List.of(image(64, 64, 1), image(70, 90, 2), image(64, 80, 3), image(90, 64, 4),
        image(64, 64, 5));
    try (NetworkDetector a = NetworkDetector.create("a", arch, w, Map.of(), new InferenceOptions(2, false));
        NetworkDetector b = NetworkDetector.create("b", arch, w, Map.of(), new InferenceOptions(8, true))) {
      float[] sa = a.scoreBatch(imgs);
      float[] sb = b.scoreBatch(imgs);
      for (int i = 0; i < sa.length; i++) {
        assertThat(sb[i]).isCloseTo(sa[i], org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(a.score(imgs.get(i))).isCloseTo(sa[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void foreignTruncatedAndCorruptFilesFailNamingFileAndProblem() throws IOException {
    Path f = dir.resolve("tiny.gidet");
    try (NetworkDetector d = small()) {
      d.save(f);
    }
    byte[] all = Files.readAllBytes(f);
    Path foreign = dir.resolve("photo.gidet");
    Files.write(foreign, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3, 4, 5, 6, 7, 8});
    assertThatThrownBy(() -> DetectorFile.read(foreign)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("photo.gidet").hasMessageContaining("not a genimage detector file");
    assertThatThrownBy(() -> Detectors.load(foreign)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("photo.gidet");
    Path cut = dir.resolve("cut.gidet");
    Files.write(cut, Arrays.copyOf(all, all.length - 100));
    assertThatThrownBy(() -> DetectorFile.read(cut)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("cut.gidet").hasMessageContaining("truncated").hasMessageContaining("fc.");
    Path header = dir.resolve("header.gidet");
    Files.write(header, Arrays.copyOf(all, 40));
    assertThatThrownBy(() -> DetectorFile.read(header)).hasMessageContaining("truncated detector file");
    Path version = dir.resolve("version.gidet");
    byte[] v = all.clone();
    v[8] = 9;
    Files.write(version, v);
    assertThatThrownBy(() -> DetectorFile.read(version)).hasMessageContaining("version 9");
    Path family = dir.resolve("family.gidet");
    Files.write(family, new String(all, java.nio.charset.StandardCharsets.ISO_8859_1)
        .replace("\"family\" : \"resnet\"", "\"family\" : \"nosuch\"").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> DetectorFile.read(family)).hasMessageContaining("family.gidet")
        .hasMessageContaining("nosuch");
  }

  @Test
  void importRejectsMissingExtraAndWrongShapedTensorsByName() {
    ResNet arch = new ResNet(ResNetConfig.small(Head.TWO_CLASS));
    Map<String, NamedTensor> w = new java.util.LinkedHashMap<>(arch.initialise(1));
    w.remove("layer2.0.bn1.running_var");
    w.put("extra.weight", NamedTensor.f32("extra.weight", new long[] {1}, new float[1]));
    w.put("fc.bias", NamedTensor.f32("fc.bias", new long[] {3}, new float[3]));
    Path f = dir.resolve("bad.safetensors");
    SafeTensors.write(f, w.values(), Map.of());
    assertThatThrownBy(() -> NetworkDetector.importTorch("x", arch, f, InferenceOptions.defaults()))
        .isInstanceOf(BadModelFileException.class).hasMessageContaining("bad.safetensors")
        .hasMessageContaining("layer2.0.bn1.running_var").hasMessageContaining("extra.weight")
        .hasMessageContaining("fc.bias");
  }

  @Test
  void architecturesRoundTripThroughTheRegistry() {
    ResNet cnnspot = CnnSpot.architecture();
    Architecture back = Architectures.rebuild(cnnspot);
    assertThat(back).isInstanceOf(ResNet.class);
    assertThat(back.config()).isEqualTo(cnnspot.config());
    assertThat(back.shapes().keySet()).containsExactlyElementsOf(cnnspot.shapes().keySet());
    assertThat(cnnspot.parameters()).hasSize(267);
    long trainable = cnnspot.parameters().stream().filter(ParamSpec::trainable)
        .mapToLong(p -> NamedTensor.elementCount(p.shape())).sum();
    assertThat(trainable).isEqualTo(23_510_081L); // torchvision resnet50(num_classes=1) parameter count
  }
}
