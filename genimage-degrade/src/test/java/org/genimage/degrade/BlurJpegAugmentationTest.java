package org.genimage.degrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.junit.jupiter.api.Test;

/** CNNSpot's data_augment semantics, checked draw by draw with a scripted generator. */
class BlurJpegAugmentationTest {
  private final RgbImage image = Fixtures.inputB();

  @Test
  void blurThenJpegInCnnSpotsDrawOrder() {
    ScriptedRandom r = new ScriptedRandom().withDoubles(0.49, 0.5, 0.1).withInts(1, 0);
    RgbImage out = BlurJpegAugmentation.cnnSpot(0.5).apply(image, r);
    // blur: 0.49 < 0.5, sigma = 0.5 * 3 = 1.5; jpeg: 0.1 < 0.5, encoder index 1 (pil), quality 30
    RgbImage expected = JpegCompression.of(30).apply(GaussianBlur.scipy(1.5).apply(image));
    assertThat(out).isEqualTo(expected);
    assertThat(r.exhausted()).isTrue();
  }

  @Test
  void nothingHappensAboveTheProbability() {
    ScriptedRandom r = new ScriptedRandom().withDoubles(0.5, 0.5);
    assertThat(BlurJpegAugmentation.cnnSpot(0.5).apply(image, r)).isSameAs(image);
    assertThat(r.exhausted()).isTrue();
    ScriptedRandom r2 = new ScriptedRandom().withDoubles(0.1, 0.2);
    assertThat(BlurJpegAugmentation.cnnSpot(0.1).apply(image, r2)).isSameAs(image);
  }

  @Test
  void qualityComesFromTheListNotARange() {
    ScriptedRandom r = new ScriptedRandom().withDoubles(0.9, 0.0).withInts(0, 1);
    RgbImage out = BlurJpegAugmentation.cnnSpot(0.5).apply(image, r);
    assertThat(out).isEqualTo(JpegCompression.of(100).apply(image));
  }

  @Test
  void validationUsesSigmaOnePointFiveQuality65PillowWithoutExtraDraws() {
    ScriptedRandom r = new ScriptedRandom().withDoubles(0.0, 0.0);
    RgbImage out = BlurJpegAugmentation.cnnSpotValidation(0.5).apply(image, r);
    assertThat(out).isEqualTo(JpegCompression.of(65).apply(GaussianBlur.scipy(1.5).apply(image)));
    assertThat(r.exhausted()).isTrue();
    assertThat(BlurJpegAugmentation.cnnSpotValidation(0.5).description())
        .contains("sigma=1.5", "quality=choice{65}", "encoder=choice{pil}");
  }

  @Test
  void uniformQualityOptionDrawsFromTheInclusiveRange() {
    BlurJpegAugmentation aug = BlurJpegAugmentation.builder().blurProbability(0)
        .uniformQuality(60, 70).build();
    ScriptedRandom r = new ScriptedRandom().withDoubles(0.9, 0.0).withInts(0, 10);
    assertThat(aug.apply(image, r)).isEqualTo(JpegCompression.of(70).apply(image));
    assertThat(aug.description()).contains("quality=U{60..70}");
  }

  @Test
  void seededRunsAreReproducible() {
    ImageTransform aug = BlurJpegAugmentation.cnnSpot(0.5);
    for (String id : List.of("a", "b", "c", "d")) {
      RgbImage first = aug.apply(image, ImageTransform.randomFor(7, id));
      RgbImage second = aug.apply(image, ImageTransform.randomFor(7, id));
      assertThat(first).isEqualTo(second);
    }
    assertThat(aug.isRandom()).isTrue();
  }

  @Test
  void descriptionNamesEveryParameter() {
    assertThat(BlurJpegAugmentation.cnnSpot(0.1).description())
        .isEqualTo("blurJpeg(blurProbability=0.1, sigma=U[0.0, 3.0] (SciPy gaussian_filter), "
            + "jpegProbability=0.1, encoder=choice{cv2,pil}, quality=choice{30,100}, "
            + "subsampling=4:2:0)");
  }

  @Test
  void badOptionsFailAtBuild() {
    assertThatThrownBy(() -> BlurJpegAugmentation.cnnSpot(1.5))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("blurProbability");
    assertThatThrownBy(() -> BlurJpegAugmentation.builder().qualities(List.of(30, 101)).build())
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("1..100");
    assertThatThrownBy(() -> BlurJpegAugmentation.builder().sigma(2, 1).build())
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("sigmaMax");
    assertThatThrownBy(() -> BlurJpegAugmentation.builder().encoders(List.of()).build())
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("encoders");
    assertThatThrownBy(() -> BlurJpegAugmentation.builder().uniformQuality(0, 50).build())
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("qualityMin");
  }

  @Test
  void independentSeedsGiveDifferentOutcomes() {
    ImageTransform aug = BlurJpegAugmentation.cnnSpot(0.5);
    SplittableRandom seeds = new SplittableRandom(1);
    long distinct = java.util.stream.IntStream.range(0, 12)
        .mapToObj(i -> aug.apply(image, seeds.split())).distinct().count();
    assertThat(distinct).isGreaterThan(3);
  }
}
