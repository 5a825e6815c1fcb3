package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.LoadOptions;
import org.genimage.api.Precision;
import org.genimage.api.RgbImage;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.onednn.graph.ActivationRanges;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * int8 activation ranges in detector files: collected from images, stored with where they came from, applied when
 * a file is loaded for int8 (the same scores as the detector that collected them), ignored for fp32, refused when
 * missing or corrupt.
 */
class Int8DetectorFileTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void needsOneDnn() {
    assumeThat(OneDnn.problem()).as("oneDNN loads on this platform").isEmpty();
  }

  private static List<RgbImage> images(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<RgbImage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[3 * 80 * 72];
      r.nextBytes(b);
      out.add(RgbImage.wrap(80, 72, b));
    }
    return out;
  }

  private static NetworkDetector fp32() {
    ResNet arch = new ResNet(ResNetConfig.small(Head.SINGLE_LOGIT));
    return NetworkDetector.create("tiny", arch, arch.initialise(5), Map.of(),
        new InferenceOptions(4, false, InferenceEngine.ONEDNN));
  }

  @Test
  void savedRangesLoadForInt8AndScoreLikeTheDetectorThatCollectedThem() {
    Path f = dir.resolve("int8.gidet");
    List<RgbImage> test = images(6, 2);
    float[] quantised;
    float[] reference;
    try (NetworkDetector d = fp32()) {
      // 5 images in batches of 4: the last batch is filled with its own image again, which changes no range.
      List<RgbImage> five = images(5, 1);
      ActivationRanges ranges = d.activationRanges(five);
      assertThat(ranges.size()).isGreaterThan(10);
      ActivationRanges parts = d.activationRanges(five.subList(0, 4)).union(d.activationRanges(five.subList(4, 5)));
      assertThat(parts.ranges().keySet()).isEqualTo(ranges.ranges().keySet());
      ranges.ranges().forEach((k, r) -> {
        float tolerance = 1e-5f * (Math.abs(r.max()) + Math.abs(r.min()));
        assertThat(parts.ranges().get(k).min()).as(k).isCloseTo(r.min(), within(tolerance));
        assertThat(parts.ranges().get(k).max()).as(k).isCloseTo(r.max(), within(tolerance));
      });
      try (NetworkDetector q = d.withInt8(new Int8Calibration(ranges, new ValidationFit("sha256:abc", 5)))) {
        assertThat(q.int8Calibration()).isPresent();
        assertThat(q.provenance().notes()).containsEntry("int8.calibration.samples", "5")
            .containsEntry("int8.calibration.manifest", "sha256:abc");
        quantised = q.scoreBatch(test);
        q.save(f);
      }
      reference = d.scoreBatch(test);
    }
    LoadOptions plan = LoadOptions.defaults().withEngine("onednn").withBatchSize(4);
    try (Detector int8 = Detectors.load(f, plan.withPrecision(Precision.INT8));
        Detector fp32 = Detectors.load(f, plan)) {
      assertThat(int8.scoreBatch(test)).containsExactly(quantised);
      assertThat(fp32.scoreBatch(test)).containsExactly(reference);
      assertThat(fp32.info().engine()).contains(", fp32, ");
      assertThat(int8.info().provenance()).containsEntry("int8.calibration.samples", "5");
      if (int8.info().engine().contains(", int8, ")) {
        assertThat(quantised).isNotEqualTo(reference);
      } else {
        assertThat(int8.info().engine()).contains("int8 was asked for but this CPU has no native int8 kernels");
        assertThat(quantised).containsExactly(reference);
      }
    }
  }

  @Test
  void int8WithoutRangesIsRefusedWithWhatToDo() {
    Path f = dir.resolve("plain.gidet");
    try (NetworkDetector d = fp32()) {
      d.save(f);
    }
    assertThatThrownBy(() -> Detectors.load(f, LoadOptions.defaults().withPrecision(Precision.INT8)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("activation ranges")
        .hasMessageContaining("genimage quantize");
  }

  @Test
  void corruptRangesAreRefusedNamingTheFile() {
    Path f = dir.resolve("ok.gidet");
    try (NetworkDetector d = fp32();
        NetworkDetector q = d.withInt8(new Int8Calibration(d.activationRanges(images(4, 3)),
            new ValidationFit("", 4)))) {
      q.save(f);
    }
    String key = "layer1.0.conv2.weight/in";
    Path reversed = HeaderEdit.edit(f, dir.resolve("reversed.gidet"), h -> ((ObjectNode) h.get("int8").get("ranges"))
        .putArray(key).add(2.0).add(1.0));
    Path text = HeaderEdit.edit(f, dir.resolve("text.gidet"), h -> ((ObjectNode) h.get("int8").get("ranges"))
        .put(key, "wide"));
    Path huge = HeaderEdit.edit(f, dir.resolve("huge.gidet"), h -> ((ObjectNode) h.get("int8").get("ranges"))
        .putArray(key).add(0.0).add(1e300));
    Path noFit = HeaderEdit.edit(f, dir.resolve("nofit.gidet"), h -> ((ObjectNode) h.get("int8"))
        .remove("collectedOn"));
    Path blank = HeaderEdit.edit(f, dir.resolve("blank.gidet"), h -> ((ObjectNode) h.get("int8").get("ranges"))
        .putArray(" ").add(0.0).add(1.0));
    for (Path bad : List.of(reversed, text, huge, noFit, blank)) {
      assertThatThrownBy(() -> Detectors.load(bad)).as(bad.toString()).isInstanceOf(BadModelFileException.class)
          .hasMessageContaining(bad.getFileName().toString()).hasMessageContaining("int8");
    }
  }
}
