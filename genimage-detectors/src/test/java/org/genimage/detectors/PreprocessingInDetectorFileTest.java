package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.genimage.api.BadModelFileException;
import org.genimage.api.RgbImage;
import org.genimage.degrade.CenterCrop;
import org.genimage.degrade.ResampleFilter;
import org.genimage.degrade.Resize;
import org.genimage.api.ModelProvenance;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.genimage.detectors.weights.NamedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The declared pipeline in detector files: recorded, checked against the architecture, and files written before
 * pipelines (config {@code {"resize", "crop", "mean", "std"}}, no {@code preprocessing} field) still load and
 * score as the old preprocessing did.
 */
class PreprocessingInDetectorFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  @TempDir
  Path dir;

  // resize 40 then crop 32: both the resize and the crop paths of the old preprocessing run
  private final ResNet arch = new ResNet(new ResNetConfig("old", 4, new int[] {1, 1, 1, 1}, Head.TWO_CLASS,
      PreprocessingPipeline.imagenet(40, 32)));
  private final Map<String, NamedTensor> weights = arch.initialise(5);

  private Path written() {
    Path f = dir.resolve("new.gidet");
    DetectorFile.write(f, "old", arch, weights, ModelProvenance.fromMap(Map.of()));
    return f;
  }

  private Path edited(String name, Consumer<ObjectNode> edit) throws IOException {
    byte[] b = Files.readAllBytes(written());
    int n = (int) ByteBuffer.wrap(b, 12, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    ObjectNode header = (ObjectNode) JSON.readTree(Arrays.copyOfRange(b, 20, 20 + n));
    edit.accept(header);
    byte[] json = JSON.writeValueAsBytes(header);
    ByteBuffer out = ByteBuffer.allocate(20 + json.length + b.length - 20 - n).order(ByteOrder.LITTLE_ENDIAN);
    out.put(DetectorFile.MAGIC).putInt(DetectorFile.VERSION).putLong(json.length).put(json)
        .put(b, 20 + n, b.length - 20 - n);
    Path f = dir.resolve(name);
    Files.write(f, out.array());
    return f;
  }

  /** The header as the writer before pipelines made it. */
  private static void asBeforePipelines(ObjectNode h) {
    h.remove("preprocessing");
    ObjectNode p = ((ObjectNode) h.get("config")).putObject("preprocessing").put("resize", 40).put("crop", 32);
    p.putArray("mean").add(0.485).add(0.456).add(0.406);
    p.putArray("std").add(0.229).add(0.224).add(0.225);
  }

  private static List<RgbImage> images() {
    List<RgbImage> out = new ArrayList<>();
    int[][] sizes = {{53, 37}, {41, 64}, {40, 40}, {90, 33}};
    for (int k = 0; k < sizes.length; k++) {
      int w = sizes[k][0];
      int h = sizes[k][1];
      byte[] b = new byte[3 * w * h];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) ((i * 37 + k * 101 + (i / 3 % w) * (i / 3 / w)) % 251);
      }
      out.add(RgbImage.wrap(w, h, b));
    }
    return out;
  }

  @Test
  void theFileRecordsTheArchitecturesPipeline() throws IOException {
    byte[] b = Files.readAllBytes(written());
    int n = (int) ByteBuffer.wrap(b, 12, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    ObjectNode header = (ObjectNode) JSON.readTree(Arrays.copyOfRange(b, 20, 20 + n));
    assertThat(header.at("/preprocessing/steps/0/op").asText()).isEqualTo("resize-shorter-side");
    assertThat(header.at("/preprocessing/steps/0/filter").asText()).isEqualTo("BILINEAR");
    assertThat(PreprocessingPipeline.fromJson(header.get("preprocessing"))).isEqualTo(arch.preprocessing());
    assertThat(DetectorFile.read(written()).architecture().preprocessing()).isEqualTo(arch.preprocessing());
  }

  @Test
  void aFileFromBeforePipelinesScoresAsTheOldPreprocessingDid() throws IOException {
    Path old = edited("old.gidet", PreprocessingInDetectorFileTest::asBeforePipelines);
    List<RgbImage> images = images();
    // NCHW, so the hand-made batch below has the layout the detector reads
    try (NetworkDetector fromOld = DetectorFile.load(old, new InferenceOptions(8, false));
        NetworkDetector fromNew = DetectorFile.load(written(), new InferenceOptions(8, false))) {
      assertThat(fromOld.architecture().preprocessing()).isEqualTo(arch.preprocessing());
      float[] oldScores = fromOld.scoreBatch(images);
      assertThat(oldScores).containsExactly(fromNew.scoreBatch(images));
      // The old ImagePreprocessor, written out: Pillow bilinear shorter side 40, torchvision centre crop 32,
      // (v / 255 - mean) / std folded into v * 1 / (255 std) - mean / std, CHW.
      int s = 3 * 32 * 32;
      float[] batch = new float[images.size() * s];
      for (int i = 0; i < images.size(); i++) {
        RgbImage c = new CenterCrop(32, 32).apply(Resize.shorterSide(40, ResampleFilter.BILINEAR)
            .apply(images.get(i)));
        for (int p = 0; p < 32 * 32; p++) {
          for (int ch = 0; ch < 3; ch++) {
            int v = c.sample(p % 32, p / 32, ch);
            batch[i * s + ch * 32 * 32 + p] = v * (1f / (255f * STD[ch])) + -MEAN[ch] / STD[ch];
          }
        }
      }
      float[] logits = fromOld.logitsOfPreprocessed(batch, images.size());
      for (int i = 0; i < images.size(); i++) {
        assertThat(oldScores[i]).as("image %d", i).isEqualTo(Head.TWO_CLASS.probability(logits, 2 * i));
      }
    }
  }

  @Test
  void aRecordedPipelineThatDisagreesWithTheConfigIsRefused() throws IOException {
    Path f = edited("clip.gidet", h -> h.set("preprocessing", JSON.valueToTree(PreprocessingPipeline.clip(32))));
    assertThatThrownBy(() -> DetectorFile.read(f)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("clip.gidet").hasMessageContaining("'preprocessing'");
    Path bad = edited("bad.gidet", h -> ((ObjectNode) h.get("preprocessing")).put("extra", 1));
    assertThatThrownBy(() -> DetectorFile.read(bad)).isInstanceOf(BadModelFileException.class)
        .hasMessageContaining("bad 'preprocessing'");
  }
}
