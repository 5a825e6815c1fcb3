package org.genimage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.genimage.api.BadImageException;
import org.genimage.api.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
  @TempDir Path tmp;

  static Path fixture(String name) throws Exception {
    Path p = Files.createTempFile("fx", name);
    try (InputStream in = ImageDecoderTest.class.getResourceAsStream("/fixtures/decode/" + name)) {
      Files.write(p, in.readAllBytes());
    }
    p.toFile().deleteOnExit();
    return p;
  }

  static byte[] bytes(String name) throws Exception {
    try (InputStream in = ImageDecoderTest.class.getResourceAsStream("/fixtures/decode/" + name)) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rgb.png", "rgb.webp", "rgb.bmp", "gray.png", "palette.png", "rgba.png"})
  void losslessFormatsMatchPillowExactly(String name) throws Exception {
    RgbImage im = ImageDecoder.standard().decode(fixture(name));
    assertThat(im.width()).isEqualTo(40);
    assertThat(im.height()).isEqualTo(48);
    assertThat(im.toByteArray()).isEqualTo(bytes(name + ".rgb"));
  }

  @Test
  void jpegMatchesPillowWithinIdctRounding() throws Exception {
    byte[] ours = ImageDecoder.standard().decode(fixture("q96.jpg")).toByteArray();
    byte[] pil = bytes("q96.jpg.rgb");
    double sum = 0;
    int max = 0;
    for (int i = 0; i < ours.length; i++) {
      int d = Math.abs((ours[i] & 0xFF) - (pil[i] & 0xFF));
      sum += d;
      max = Math.max(max, d);
    }
    // libjpeg versions differ in IDCT and upsampling rounding, not more.
    assertThat(sum / ours.length).isLessThan(1.0);
    assertThat(max).isLessThanOrEqualTo(8);
  }

  @Test
  void cmykAndBrokenIccJpegsDecode() throws Exception {
    RgbImage cmyk = ImageDecoder.standard().decode(fixture("cmyk.jpg"));
    assertThat(cmyk.width()).isEqualTo(40);
    RgbImage icc = ImageDecoder.standard().decode(fixture("bad_icc.jpg"));
    assertThat(icc.height()).isEqualTo(48);
  }

  @Test
  void jpegQualityIsEstimatedFromPillowFiles() throws Exception {
    assertThat(JpegQuality.of(fixture("q96.jpg"))).hasValue(96);
    assertThat(JpegQuality.of(fixture("q75.jpg"))).hasValue(75);
    assertThat(JpegQuality.of(fixture("q30.jpg"))).hasValue(30);
    assertThat(JpegQuality.of(fixture("rgb.png"))).isEmpty();
    RgbImage im = RgbImage.filled(16, 16, 10, 200, 30);
    for (int q : new int[] {5, 50, 65, 90, 100}) {
      assertThat(JpegQuality.of(ImageEncoding.jpeg(im, q))).hasValue(q);
    }
  }

  @Test
  void badInputGivesTypedErrorsNamingTheFile() throws Exception {
    Path empty = Files.write(tmp.resolve("zero.png"), new byte[0]);
    assertThatThrownBy(() -> ImageDecoder.standard().decode(empty))
        .isInstanceOf(BadImageException.class).hasMessageStartingWith(empty.toString())
        .hasMessageContaining("zero-byte");
    Path text = Files.writeString(tmp.resolve("a.JPEG"), "this is not an image at all");
    assertThatThrownBy(() -> ImageDecoder.standard().decode(text))
        .isInstanceOf(BadImageException.class).hasMessageContaining("not a recognised image");
    Path gone = tmp.resolve("vanished.png");
    assertThatThrownBy(() -> ImageDecoder.standard().decode(gone))
        .isInstanceOf(BadImageException.class).hasMessageContaining("not found");
    byte[] jpg = bytes("q96.jpg");
    Path cut = Files.write(tmp.resolve("cut.jpg"), java.util.Arrays.copyOf(jpg, jpg.length / 2));
    assertThatThrownBy(() -> ImageDecoder.standard().decode(cut))
        .isInstanceOf(BadImageException.class).hasMessageContaining("cut.jpg");
    assertThat(ImageDecoder.standard().lenient().decode(cut).width()).isEqualTo(40);
    // A PNG named .JPEG decodes by content.
    Path misnamed = Files.write(tmp.resolve("n01440764_1.JPEG"), bytes("rgb.png"));
    assertThat(ImageDecoder.standard().decode(misnamed).toByteArray())
        .isEqualTo(bytes("rgb.png.rgb"));
    assertThat(ImageDecoder.formatOf(misnamed)).isEqualTo("png");
  }

  @Test
  void pixelLimitStopsDecompressionBombsBeforeDecoding() throws Exception {
    // A 20000 x 20000 PNG header: 400 megapixels claimed by a tiny file.
    byte[] png = ImageEncoding.png(RgbImage.filled(1, 1, 0, 0, 0));
    java.nio.ByteBuffer.wrap(png, 16, 8).putInt(20000).putInt(20000);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(png, 12, 17);
    java.nio.ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
    Path bomb = Files.write(tmp.resolve("bomb.png"), png);
    assertThatThrownBy(() -> ImageDecoder.standard().decode(bomb))
        .isInstanceOf(BadImageException.class).hasMessageContaining("exceeds the limit");
    assertThatThrownBy(() -> ImageDecoder.standard().withMaxPixels(100).decode(fixture("rgb.png")))
        .isInstanceOf(BadImageException.class).hasMessageContaining("40x48");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void thousandsOfRandomlyCorruptedFilesNeverCrashOrHang() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    for (String n : new String[] {"q96.jpg", "q75.jpg", "rgb.png", "rgb.webp", "rgb.bmp",
        "palette.png", "cmyk.jpg"}) {
      seeds.add(bytes(n));
    }
    SplittableRandom rnd = new SplittableRandom(2024);
    int ok = 0;
    int bad = 0;
    for (int i = 0; i < 1200; i++) {
      byte[] src = seeds.get(i % seeds.size());
      byte[] b;
      if (rnd.nextBoolean()) {
        b = java.util.Arrays.copyOf(src, rnd.nextInt(src.length));
      } else {
        b = src.clone();
        int flips = 1 + rnd.nextInt(20);
        for (int k = 0; k < flips; k++) {
          b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      Path f = tmp.resolve("c" + i + ".img");
      Files.write(f, b);
      try {
        RgbImage im = ImageDecoder.standard().withMaxPixels(4_000_000).decode(f);
        assertThat(im.pixelCount()).isPositive();
        ok++;
      } catch (BadImageException e) {
        assertThat(e.file()).contains(f);
        assertThat(e.getMessage()).startsWith(f.toString());
        bad++;
      }
    }
    assertThat(ok + bad).isEqualTo(1200);
    assertThat(bad).isGreaterThan(300);
  }
}
