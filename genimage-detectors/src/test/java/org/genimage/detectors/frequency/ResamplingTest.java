package org.genimage.detectors.frequency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.genimage.api.RgbImage;
import org.junit.jupiter.api.Test;

class ResamplingTest {
  private static final Map<String, FixtureTensors.Tensor> FIX =
      FixtureTensors.read("resample.safetensors");

  private static RgbImage image(String name) {
    FixtureTensors.Tensor t = FIX.get(name);
    return RgbImage.of((int) t.shape()[1], (int) t.shape()[0], t.bytes());
  }

  @Test
  void resizeShorterMatchesTorchvisionOnPillow() {
    RgbImage src = image("image");
    for (int n : new int[] {13, 20, 64}) {
      RgbImage expected = image("resize" + n);
      RgbImage actual = Resampling.resizeShorter(src, n);
      assertThat(actual.width()).isEqualTo(expected.width());
      assertThat(actual.height()).isEqualTo(expected.height());
      byte[] a = actual.toByteArray();
      byte[] e = expected.toByteArray();
      int maxDiff = 0;
      for (int i = 0; i < a.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs((a[i] & 0xFF) - (e[i] & 0xFF)));
      }
      assertThat(maxDiff).as("resize %d", n).isZero();
    }
  }

  @Test
  void centerCropMatchesTorchvision() {
    assertThat(Resampling.centerCrop(image("image"), 16, 11)).isEqualTo(image("crop16x11"));
  }
}
