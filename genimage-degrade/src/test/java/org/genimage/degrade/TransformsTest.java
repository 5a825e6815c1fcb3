package org.genimage.degrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.junit.jupiter.api.Test;

/** Crops, flip, noise, presets, composition, descriptions and argument checks. */
class TransformsTest {
  private final RgbImage image = Fixtures.inputA(); // 37x29

  @Test
  void centerCropUsesTorchvisionsRounding() {
    RgbImage out = new CenterCrop(20, 10).apply(image);
    // left = round((37 - 20) / 2) = round(8.5) = 8 (half to even), top = round(9.5) = 10
    assertThat(out.width()).isEqualTo(20);
    assertThat(out.rgb(0, 0)).isEqualTo(image.rgb(8, 10));
    assertThat(out.rgb(19, 9)).isEqualTo(image.rgb(27, 19));
  }

  @Test
  void centerCropPadsSmallImagesWithBlack() {
    RgbImage out = new CenterCrop(41, 29).apply(image);
    // (41 - 37) // 2 = 2 black columns on the left
    assertThat(out.rgb(0, 5)).isZero();
    assertThat(out.rgb(2, 5)).isEqualTo(image.rgb(0, 5));
    assertThat(out.rgb(38, 5)).isEqualTo(image.rgb(36, 5));
    assertThat(out.rgb(40, 5)).isZero();
  }

  @Test
  void randomCropTakesTopThenLeft() {
    ScriptedRandom r = new ScriptedRandom().withInts(3, 5);
    RgbImage out = new RandomCrop(10, 8).apply(image, r);
    assertThat(out.rgb(0, 0)).isEqualTo(image.rgb(5, 3));
    assertThat(out.rgb(9, 7)).isEqualTo(image.rgb(14, 10));
    assertThatThrownBy(() -> new RandomCrop(40, 8).apply(image, new SplittableRandom(1)))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("image size");
  }

  @Test
  void flipMirrorsAndIsItsOwnInverse() {
    RgbImage flipped = HorizontalFlip.always().apply(image);
    assertThat(flipped.rgb(0, 3)).isEqualTo(image.rgb(36, 3));
    assertThat(HorizontalFlip.flip(flipped)).isEqualTo(image);
    assertThat(new HorizontalFlip(0.5).apply(image, new ScriptedRandom().withDoubles(0.7)))
        .isSameAs(image);
    assertThat(new HorizontalFlip(0.5).apply(image, new ScriptedRandom().withDoubles(0.2)))
        .isEqualTo(flipped);
  }

  @Test
  void noiseHasTheRequestedSpread() {
    RgbImage gray = RgbImage.filled(128, 128, 128, 128, 128);
    byte[] out = new GaussianNoise(10).apply(gray, new SplittableRandom(3)).toByteArray();
    double sum = 0;
    double sq = 0;
    for (byte b : out) {
      double d = (b & 0xFF) - 128;
      sum += d;
      sq += d * d;
    }
    double mean = sum / out.length;
    double sd = Math.sqrt(sq / out.length - mean * mean);
    // rounding adds 1/12 to the variance: sqrt(100 + 1/12) = 10.004
    assertThat(mean).isCloseTo(0.0, within(0.2));
    assertThat(sd).isCloseTo(10.0, within(0.2));
    assertThat(new GaussianNoise(0).apply(gray)).isSameAs(gray);
  }

  @Test
  void noiseClipsToTheByteRange() {
    RgbImage white = RgbImage.filled(32, 32, 255, 255, 255);
    byte[] out = new GaussianNoise(50).apply(white, new SplittableRandom(1)).toByteArray();
    int max = 0;
    for (byte b : out) {
      max = Math.max(max, b & 0xFF);
    }
    assertThat(max).isEqualTo(255);
  }

  @Test
  void paperPresetsAreNamedAndOrdered() {
    Map<String, ImageTransform> all = PaperDegradations.all();
    assertThat(all.keySet()).containsExactly("lowResolution112", "lowResolution64", "jpeg65",
        "jpeg30", "blurSigma3", "blurSigma5");
    assertThat(all.get("jpeg30").description()).contains("quality=30", "4:2:0");
    assertThat(all.get("blurSigma5").description()).contains("sigma=5.0", "SciPy");
    RgbImage big = Fixtures.inputB(); // 96x80
    RgbImage low = all.get("lowResolution64").apply(big);
    assertThat(low.height()).isEqualTo(64);
    assertThat(low.width()).isEqualTo(76); // (int) (64 * 96 / 80)
    assertThat(low).isEqualTo(Resize.resize(big, 76, 64, ResampleFilter.BICUBIC));
  }

  @Test
  void compositionPrintsEveryStep() {
    ImageTransform t = ImageTransform.compose(List.of(Resize.shorterSide(256, ResampleFilter.BILINEAR),
        new CenterCrop(224, 224), new HorizontalFlip(0.5)));
    assertThat(t.toString()).isEqualTo("resize(shorterSide=256, filter=bilinear, reference=Pillow "
        + "Image.resize) -> centerCrop(width=224, height=224) -> horizontalFlip(p=0.5)");
    assertThat(t.isRandom()).isTrue();
    assertThat(JpegCompression.of(65).toString())
        .isEqualTo("jpeg(quality=65, subsampling=4:2:0, tables=libjpeg standard, reference=Pillow save/open)");
    assertThat(GaussianBlur.opencv(1.5).toString())
        .isEqualTo("gaussianBlur(sigma=1.5, ksize=11, border=REFLECT_101, reference=OpenCV GaussianBlur)");
  }

  @Test
  void badArgumentsFailAtConstructionNamingTheParameterAndRange() {
    assertThatThrownBy(() -> JpegCompression.of(0)).isInstanceOf(BadArgumentException.class)
        .hasMessage("quality = 0: allowed 1..100");
    assertThatThrownBy(() -> JpegCompression.of(101)).hasMessageContaining("1..100");
    assertThatThrownBy(() -> GaussianBlur.scipy(-1)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("sigma").hasMessageContaining("[0.0, 1000.0]");
    assertThatThrownBy(() -> GaussianBlur.opencv(0)).hasMessageContaining("sigma");
    assertThatThrownBy(() -> GaussianBlur.scipy(Double.NaN)).hasMessageContaining("sigma");
    assertThatThrownBy(() -> Resize.to(0, 10, ResampleFilter.BOX)).hasMessageContaining("width");
    assertThatThrownBy(() -> Resize.shorterSide(-3, ResampleFilter.BOX)).hasMessageContaining("length");
    assertThatThrownBy(() -> Resize.to(1, 1, null)).hasMessageContaining("filter");
    assertThatThrownBy(() -> new CenterCrop(5, 0)).hasMessageContaining("height");
    assertThatThrownBy(() -> new RandomCrop(0, 5)).hasMessageContaining("width");
    assertThatThrownBy(() -> new HorizontalFlip(-0.1)).hasMessageContaining("probability");
    assertThatThrownBy(() -> new GaussianNoise(-1)).hasMessageContaining("sigma");
    assertThatThrownBy(() -> JpegCompression.of(50, null)).hasMessageContaining("subsampling");
  }

  @Test
  void nullImageIsRejectedByName() {
    assertThatThrownBy(() -> JpegCompression.of(50).apply(null))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("image");
    assertThatThrownBy(() -> GaussianBlur.scipy(1).apply(null)).hasMessageContaining("image");
    assertThatThrownBy(() -> Resize.to(3, 3, ResampleFilter.BICUBIC).apply(null))
        .hasMessageContaining("image");
  }

  @Test
  void tinyImagesDoNotBreakAnyTransform() {
    RgbImage tiny = RgbImage.of(3, 2, new byte[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 1, 2, 3, 4, 5, 6,
        7, 8, 9});
    for (ImageTransform t : List.of(GaussianBlur.scipy(5), GaussianBlur.opencv(5),
        JpegCompression.of(30), Resize.to(1, 1, ResampleFilter.LANCZOS),
        Resize.to(9, 7, ResampleFilter.BICUBIC), new CenterCrop(2, 2), HorizontalFlip.always())) {
      assertThat(t.apply(tiny).pixelCount()).as(t.description()).isPositive();
    }
    // a constant image stays constant through every deterministic transform
    RgbImage flat = RgbImage.filled(19, 13, 90, 140, 200);
    assertThat(GaussianBlur.opencv(2).apply(flat)).isEqualTo(flat);
    assertThat(Resize.to(7, 5, ResampleFilter.LANCZOS).apply(flat))
        .isEqualTo(RgbImage.filled(7, 5, 90, 140, 200));
  }
}
