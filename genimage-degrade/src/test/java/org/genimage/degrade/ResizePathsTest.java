package org.genimage.degrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.genimage.api.RgbImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Resize's three code paths (horizontal only, vertical only, both) agree with each other on images
 * taller than one transposed stripe. The vertical-only path is pinned to Pillow by
 * {@link ResizeParityTest}; the filters are the same along both axes, so a horizontal-only resize is
 * the transpose of a vertical-only resize of the transpose, and Pillow's two-pass resize is the
 * horizontal pass followed by the vertical one on the 8-bit intermediate.
 */
class ResizePathsTest {
  private static RgbImage random(int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] rgb = new byte[3 * w * h];
    for (int i = 0; i < rgb.length; i++) {
      // mostly smooth with some sharp edges, so that negative lobes clip
      rgb[i] = (byte) (r.nextInt(8) == 0 ? r.nextInt(256) : (i / 3 % w) * 255 / w);
    }
    return RgbImage.wrap(w, h, rgb);
  }

  private static RgbImage transpose(RgbImage im) {
    int w = im.width();
    int h = im.height();
    byte[] out = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          out[3 * (x * h + y) + c] = (byte) im.sample(x, y, c);
        }
      }
    }
    return RgbImage.wrap(h, w, out);
  }

  @ParameterizedTest
  @EnumSource(ResampleFilter.class)
  void horizontalOnlyIsTheTransposedVerticalPass(ResampleFilter filter) {
    RgbImage im = random(300, 45, 1);
    for (int outW : new int[] {1, 37, 299, 640}) {
      RgbImage horizontal = Resize.resize(im, outW, 45, filter);
      RgbImage viaVertical = transpose(Resize.resize(transpose(im), 45, outW, filter));
      assertThat(horizontal).as("width %d", outW).isEqualTo(viaVertical);
    }
  }

  @ParameterizedTest
  @EnumSource(value = ResampleFilter.class, names = "NEAREST", mode = EnumSource.Mode.EXCLUDE)
  void bothPassesEqualHorizontalThenVertical(ResampleFilter filter) {
    RgbImage im = random(45, 300, 2);
    int[][] sizes = {{20, 130}, {90, 611}, {7, 3}, {46, 299}};
    for (int[] s : sizes) {
      RgbImage both = Resize.resize(im, s[0], s[1], filter);
      RgbImage twoSteps = Resize.resize(Resize.resize(im, s[0], 300, filter), s[0], s[1], filter);
      assertThat(both).as("%dx%d", s[0], s[1]).isEqualTo(twoSteps);
    }
  }
}
