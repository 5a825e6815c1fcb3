package org.genimage.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.genimage.api.RgbImage;
import org.junit.jupiter.api.Test;

class SmallImagesTest {
  /** A 2x2 image with four distinct grey levels 10, 20, 30, 40 (row-major). */
  private static final RgbImage TWO = RgbImage.of(2, 2,
      new byte[] {10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40});

  @Test
  void largeEnoughImagesAndAnySizeDetectorsAreLeftAlone() {
    assertThat(SmallImages.fit(TWO, 2, SmallImagePolicy.PAD)).isSameAs(TWO);
    assertThat(SmallImages.fit(TWO, 0, SmallImagePolicy.RESIZE)).isSameAs(TWO);
  }

  @Test
  void padCentresOnBlack() {
    RgbImage p = SmallImages.fit(TWO, 4, SmallImagePolicy.PAD);
    assertThat(p.width()).isEqualTo(4);
    assertThat(p.sample(0, 0, 0)).isZero();
    assertThat(p.sample(1, 1, 0)).isEqualTo(10);
    assertThat(p.sample(2, 2, 0)).isEqualTo(40);
    assertThat(p.sample(3, 3, 0)).isZero();
  }

  @Test
  void tileRepeatsPeriodically() {
    RgbImage t = SmallImages.fit(TWO, 5, SmallImagePolicy.TILE);
    assertThat(t.width()).isEqualTo(5);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        assertThat(t.sample(x, y, 1)).isEqualTo(TWO.sample(x % 2, y % 2, 1));
      }
    }
  }

  @Test
  void resizeKeepsAspectAndInterpolatesBilinearly() {
    RgbImage wide = RgbImage.filled(4, 2, 7, 8, 9);
    RgbImage r = SmallImages.fit(wide, 6, SmallImagePolicy.RESIZE);
    assertThat(r.width()).isEqualTo(12);
    assertThat(r.height()).isEqualTo(6);
    assertThat(r.sample(5, 3, 2)).isEqualTo(9);
    // Up-scaling 2 -> 4 with half-pixel centres: output x=1 samples source x=0.25.
    RgbImage up = SmallImages.fit(TWO, 4, SmallImagePolicy.RESIZE);
    assertThat(up.sample(0, 0, 0)).isEqualTo(10);
    assertThat(up.sample(1, 0, 0)).isEqualTo(Math.round(10 * 0.75f + 20 * 0.25f));
    assertThat(up.sample(3, 3, 0)).isEqualTo(40);
  }
}
