package org.genimage.detectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.genimage.api.BadArgumentException;
import org.genimage.api.RgbImage;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our preprocessing against torchvision's Resize + CenterCrop + ToTensor + Normalize on PIL images
 * (fixtures from src/test/python/make_preprocess_fixtures.py), in CHW and HWC order.
 */
class PreprocessingTest {
  @TempDir
  Path dir;

  @Test
  void matchesTorchvisionOnOddSizes() throws IOException {
    Path f = dir.resolve("cases.safetensors");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/preprocess/cases.safetensors")) {
      Files.copy(in, f);
    }
    SafeTensors.Contents c = SafeTensors.read(f);
    Preprocessor resized = Preprocessing.imagenet(32, 24).preprocessor();
    Preprocessor cropped = Preprocessing.imagenet(0, 24).preprocessor();
    for (int i = 0; i < 4; i++) {
      NamedTensor img = c.get("img" + i);
      int h = (int) img.shape()[0];
      int w = (int) img.shape()[1];
      byte[] b = new byte[img.data().length];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) (int) img.data()[j];
      }
      RgbImage image = RgbImage.wrap(w, h, b);
      check(resized, image, c.get("resized" + i).data(), "resized" + i);
      if (Math.min(w, h) >= 24) {
        check(cropped, image, c.get("cropped" + i).data(), "cropped" + i);
      }
    }
  }

  private static void check(Preprocessor p, RgbImage image, float[] want, String what) {
    float[] chw = new float[3 + want.length];
    p.write(image, chw, 3, false);
    float[] hwc = new float[want.length];
    p.write(image, hwc, 0, true);
    int plane = 24 * 24;
    double worst = 0;
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        worst = Math.max(worst, Math.abs(chw[3 + c * plane + i] - want[c * plane + i]));
        assertThat(hwc[3 * i + c]).isEqualTo(chw[3 + c * plane + i]);
      }
    }
    // Pillow-exact resampling: equal up to float rounding of the normalisation (a gray level is 0.017).
    assertThat(worst).as(what).isLessThan(1e-5);
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> Preprocessing.imagenet(100, 224)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("resize");
    assertThatThrownBy(() -> new Preprocessing(0, 8, new float[2], Preprocessing.IMAGENET_STD))
        .hasMessageContaining("mean.length");
    assertThatThrownBy(() -> new Preprocessing(0, 8, Preprocessing.IMAGENET_MEAN, new float[] {1, 0, 1}))
        .hasMessageContaining("std[1]");
  }
}
