package org.genimage.detectors.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ReadLimits;
import org.genimage.api.RgbImage;
import org.genimage.degrade.ResampleFilter;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declared pipelines against torchvision's Resize + CenterCrop + ToTensor + Normalize on PIL images (fixtures
 * from src/test/python/make_preprocess_fixtures.py), in CHW and HWC order; their validation and JSON forms.
 */
class PreprocessingPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private SafeTensors.Contents fixture(String name) throws IOException {
    Path f = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/fixtures/preprocess/" + name)) {
      Files.copy(in, f);
    }
    return SafeTensors.read(f);
  }

  @Test
  void imagenetStyleMatchesTorchvisionOnOddSizes() throws IOException {
    SafeTensors.Contents c = fixture("cases.safetensors");
    CompiledPipeline resized = PreprocessingPipeline.imagenet(32, 24).compile();
    CompiledPipeline cropped = PreprocessingPipeline.imagenet(0, 24).compile();
    for (int i = 0; i < 4; i++) {
      NamedTensor img = c.get("img" + i);
      int h = (int) img.shape()[0];
      int w = (int) img.shape()[1];
      byte[] b = new byte[img.data().length];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) (int) img.data()[j];
      }
      RgbImage image = RgbImage.wrap(w, h, b);
      check(resized, image, c.get("resized" + i).data(), "resized" + i, 1e-5);
      if (Math.min(w, h) >= 24) {
        check(cropped, image, c.get("cropped" + i).data(), "cropped" + i, 1e-5);
      }
    }
  }

  @Test
  void clipPipelineMatchesTorchvisionBicubicResizeCropNormalize() throws IOException {
    SafeTensors.Contents c = fixture("clip.safetensors");
    PreprocessingPipeline clip = PreprocessingPipeline.of(
        new PreprocessingStep.ResizeShorterSide(224, ResampleFilter.BICUBIC, false),
        new PreprocessingStep.CenterCrop(224),
        new PreprocessingStep.Normalize(new float[] {0.48145466f, 0.4578275f, 0.40821073f},
            new float[] {0.26862954f, 0.26130258f, 0.27577711f}));
    assertThat(clip).isEqualTo(PreprocessingPipeline.clip(224));
    int[][] sizes = {{300, 260}, {150, 190}}; // (height, width) as CLIP_SIZES in the script
    for (int i = 0; i < sizes.length; i++) {
      RgbImage image = clipImage(sizes[i][0], sizes[i][1]);
      check(clip.compile(), image, c.get("clip" + i).data(), "clip" + i, 1e-5);
    }
  }

  /** The script's clip_image(h, w). */
  private static RgbImage clipImage(int h, int w) {
    byte[] b = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          long v = (40 + (x * 5L + y * 3L) % 180 + 60L * c + ((x / 7 + y / 5) % 2) * 50L
              + (x * (long) y * 7 + c * 11L) % 17) % 256;
          b[3 * (y * w + x) + c] = (byte) v;
        }
      }
    }
    return RgbImage.wrap(w, h, b);
  }

  private static void check(CompiledPipeline p, RgbImage image, float[] want, String what, double tolerance) {
    assertThat(p.sampleSize()).as(what).isEqualTo(want.length);
    float[] chw = new float[3 + want.length];
    p.write(image, chw, 3, false);
    float[] hwc = new float[want.length];
    p.write(image, hwc, 0, true);
    int plane = p.width() * p.height();
    double worst = 0;
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        worst = Math.max(worst, Math.abs(chw[3 + c * plane + i] - want[c * plane + i]));
        assertThat(hwc[3 * i + c]).isEqualTo(chw[3 + c * plane + i]);
      }
    }
    // Pillow-exact resampling: equal up to float rounding of the normalisation (a gray level is 0.017).
    assertThat(worst).as(what).isLessThan(tolerance);
  }

  @Test
  void jsonRoundTripsWithTheStepKinds() throws IOException {
    PreprocessingPipeline p = PreprocessingPipeline.of(
        new PreprocessingStep.ResizeShorterSide(256, ResampleFilter.BICUBIC, false),
        new PreprocessingStep.ResizeTo(300, 280, ResampleFilter.NEAREST), new PreprocessingStep.CenterCrop(224),
        PreprocessingStep.Normalize.imagenet());
    JsonNode tree = JSON.valueToTree(p);
    assertThat(tree.get("steps").get(0).get("op").asText()).isEqualTo("resize-shorter-side");
    assertThat(tree.get("steps").get(0).get("filter").asText()).isEqualTo("BICUBIC");
    assertThat(tree.get("steps").get(2).get("op").asText()).isEqualTo("center-crop");
    assertThat(JSON.treeToValue(tree, PreprocessingPipeline.class)).isEqualTo(p);
    PreprocessingPipeline spec = PreprocessingPipeline.of(new PreprocessingStep.CenterCrop(8),
        new PreprocessingStep.LogSpectrum());
    assertThat(JSON.readValue(JSON.writeValueAsString(spec), PreprocessingPipeline.class)).isEqualTo(spec);
  }

  @Test
  void readsThePrePipelineJsonAsTheSameTransform() throws IOException {
    PreprocessingPipeline legacy = JSON.readValue(
        "{\"resize\":0,\"crop\":24,\"mean\":[0.485,0.456,0.406],\"std\":[0.229,0.224,0.225]}",
        PreprocessingPipeline.class);
    assertThat(legacy).isEqualTo(PreprocessingPipeline.imagenet(0, 24));
    assertThat(legacy.steps().get(0)).isEqualTo(
        new PreprocessingStep.ResizeShorterSide(24, ResampleFilter.BILINEAR, true));
    // resize 0: a large image is only cropped, a small one enlarged to the crop first
    RgbImage large = RgbImage.filled(40, 30, 10, 20, 30);
    assertThat(legacy.compile().apply(large)).hasSize(3 * 24 * 24);
    assertThat(legacy.compile().apply(RgbImage.filled(12, 30, 10, 20, 30))).hasSize(3 * 24 * 24);
    assertThatThrownBy(() -> JSON.readValue("{\"resize\":100,\"crop\":224,\"mean\":[0,0,0],\"std\":[1,1,1]}",
        PreprocessingPipeline.class)).hasRootCauseInstanceOf(BadArgumentException.class)
        .rootCause().hasMessageContaining("resize");
  }

  @Test
  void smallImageIsPaddedByTheCentreCropAsTorchvision() {
    PreprocessingPipeline p = PreprocessingPipeline.of(new PreprocessingStep.CenterCrop(6),
        new PreprocessingStep.Normalize(new float[] {0, 0, 0}, new float[] {1, 1, 1}));
    float[] out = p.compile().apply(RgbImage.filled(4, 8, 255, 255, 255));
    // width 4 -> 6: one black column each side (torchvision pads (6 - 4) // 2 before)
    assertThat(out[0]).isZero();
    assertThat(out[1]).isEqualTo(1f);
    assertThat(out[5]).isZero();
  }

  @Test
  void refusesPipelinesWithoutAFixedOutputOrAFinalStep() {
    assertThatThrownBy(() -> PreprocessingPipeline.of(
        new PreprocessingStep.ResizeShorterSide(32, ResampleFilter.BILINEAR, false),
        PreprocessingStep.Normalize.imagenet())).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("centre crop");
    assertThatThrownBy(() -> PreprocessingPipeline.of(new PreprocessingStep.CenterCrop(8)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("final step");
    assertThatThrownBy(() -> PreprocessingPipeline.of(PreprocessingStep.Normalize.imagenet(),
        new PreprocessingStep.CenterCrop(8), PreprocessingStep.Normalize.imagenet()))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("steps[0]");
    assertThatThrownBy(() -> new PreprocessingStep.CenterCrop(ReadLimits.MAX_INPUT_SIDE + 1))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("size");
    assertThatThrownBy(() -> new PreprocessingStep.Normalize(new float[2], PreprocessingStep.IMAGENET_STD))
        .hasMessageContaining("mean.length");
    assertThatThrownBy(() -> new PreprocessingStep.Normalize(PreprocessingStep.IMAGENET_MEAN,
        new float[] {1, 0, 1})).hasMessageContaining("std[1]");
    PreprocessingStep crop = new PreprocessingStep.CenterCrop(8);
    PreprocessingStep[] tooMany = new PreprocessingStep[ReadLimits.MAX_PREPROCESSING_STEPS + 1];
    java.util.Arrays.fill(tooMany, crop);
    tooMany[tooMany.length - 1] = new PreprocessingStep.LogSpectrum();
    assertThatThrownBy(() -> new PreprocessingPipeline(List.of(tooMany)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("MAX_PREPROCESSING_STEPS");
  }
}
