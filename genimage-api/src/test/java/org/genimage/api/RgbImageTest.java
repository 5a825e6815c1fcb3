package org.genimage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RgbImageTest {
  private static RgbImage random(int w, int h, long seed) {
    byte[] px = new byte[3 * w * h];
    new SplittableRandom(seed).nextBytes(px);
    return RgbImage.wrap(w, h, px);
  }

  @Test
  void ofCopiesItsInputWhileWrapTakesOwnership() {
    byte[] px = {1, 2, 3, 4, 5, 6};
    RgbImage copied = RgbImage.of(2, 1, px);
    RgbImage wrapped = RgbImage.wrap(2, 1, px);
    px[0] = 9;
    assertThat(copied.sample(0, 0, 0)).isEqualTo(1);
    assertThat(wrapped.sample(0, 0, 0)).isEqualTo(9);
  }

  @Test
  void samplesAreUnsignedAndInterleavedRowMajor() {
    byte[] px = new byte[3 * 3 * 2];
    int i = 3 * (1 * 3 + 2); // pixel (x=2, y=1)
    px[i] = (byte) 250;
    px[i + 1] = (byte) 128;
    px[i + 2] = 7;
    RgbImage img = RgbImage.of(3, 2, px);
    assertThat(img.sample(2, 1, 0)).isEqualTo(250);
    assertThat(img.sample(2, 1, 1)).isEqualTo(128);
    assertThat(img.rgb(2, 1)).isEqualTo(0xFA8007);
    assertThat(img.pixelCount()).isEqualTo(6);
  }

  @Test
  void readersCannotChangeThePixels() {
    RgbImage img = random(4, 4, 1);
    byte[] copy = img.toByteArray();
    copy[0] ^= 1;
    assertThat(img.toByteArray()[0]).isNotEqualTo(copy[0]);
    assertThat(img.buffer().isReadOnly()).isTrue();
    assertThat(img.buffer().remaining()).isEqualTo(48);
  }

  @Test
  void equalityIsBySizeAndContent() {
    assertThat(random(5, 4, 7)).isEqualTo(random(5, 4, 7)).hasSameHashCodeAs(random(5, 4, 7));
    assertThat(random(5, 4, 7)).isNotEqualTo(random(5, 4, 8));
    assertThat(RgbImage.filled(2, 6, 1, 2, 3)).isNotEqualTo(RgbImage.filled(6, 2, 1, 2, 3));
    assertThat(RgbImage.filled(2, 2, 1, 2, 3).toString()).isEqualTo("RgbImage[2x2]");
  }

  @Test
  void badShapesNameTheParameter() {
    assertThatThrownBy(() -> RgbImage.of(0, 4, new byte[0]))
        .isInstanceOf(BadArgumentException.class)
        .hasMessage("width = 0: allowed a positive integer");
    assertThatThrownBy(() -> RgbImage.wrap(2, 2, new byte[11]))
        .hasMessage("rgb.length = 11: allowed 3 * width * height = 12 for 2x2");
    assertThatThrownBy(() -> RgbImage.filled(1, 1, 256, 0, 0))
        .hasMessage("red = 256: allowed 0..255");
    assertThatThrownBy(() -> RgbImage.filled(100_000, 100_000, 0, 0, 0))
        .hasMessageContaining("at most");
    assertThatThrownBy(() -> random(2, 2, 1).sample(2, 0, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {
      BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
      BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_4BYTE_ABGR
  })
  void convertsFromEveryCommonBufferedImageLayout(int type) {
    BufferedImage bi = new BufferedImage(7, 5, type);
    SplittableRandom rnd = new SplittableRandom(type);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        bi.setRGB(x, y, 0xFF000000 | rnd.nextInt(0x1000000));
      }
    }
    RgbImage img = BufferedImages.toRgbImage(bi);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        assertThat(img.rgb(x, y)).as("(%d,%d)", x, y).isEqualTo(bi.getRGB(x, y) & 0xFFFFFF);
      }
    }
  }

  @Test
  void grayImagesBecomeThreeEqualChannels() {
    BufferedImage gray = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSample(1, 2, 0, 200);
    RgbImage img = BufferedImages.toRgbImage(gray);
    assertThat(img.rgb(1, 2)).isEqualTo(0xC8C8C8);
    assertThat(img.rgb(0, 0)).isZero();
  }

  @Test
  void subImagesAreConvertedFromTheirOwnRegion() {
    BufferedImage bi = new BufferedImage(6, 6, BufferedImage.TYPE_3BYTE_BGR);
    bi.setRGB(2, 3, Color.MAGENTA.getRGB());
    RgbImage img = BufferedImages.toRgbImage(bi.getSubimage(2, 3, 2, 2));
    assertThat(img.width()).isEqualTo(2);
    assertThat(img.rgb(0, 0)).isEqualTo(0xFF00FF);
    assertThat(img.rgb(1, 1)).isZero();
  }

  @Test
  void roundTripsThroughBufferedImage() {
    RgbImage img = random(13, 9, 3);
    BufferedImage bi = BufferedImages.toBufferedImage(img);
    assertThat(bi.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
    assertThat(bi.getRGB(4, 5) & 0xFFFFFF).isEqualTo(img.rgb(4, 5));
    assertThat(BufferedImages.toRgbImage(bi)).isEqualTo(img);
  }
}
