package org.genimage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.genimage.api.BadArgumentException;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.junit.jupiter.api.Test;

/** The named sweeps: their levels in order, what each level does, and the refusals. */
class RobustnessPresetsTest {
  private static final RgbImage GREY = RgbImage.filled(64, 48, 90, 120, 150);

  @Test
  void everyPresetListsItsLevelsMildestFirst() {
    assertThat(RobustnessPresets.preset("jpeg").levels().keySet())
        .containsExactly("100", "90", "80", "70", "60", "50", "40", "30");
    assertThat(RobustnessPresets.preset("BLUR").levels().keySet())
        .containsExactly("0", "0.5", "1", "2", "3", "4", "5");
    assertThat(RobustnessPresets.preset("resize").levels().keySet())
        .containsExactly("1", "0.75", "0.5", "0.375", "0.25");
    assertThat(RobustnessPresets.preset("social").levels().keySet())
        .containsExactly("1+q95", "0.75+q85", "0.5+q75", "0.375+q65", "0.25+q50");
    assertThat(RobustnessPresets.NAMES).allSatisfy(n ->
        assertThat(RobustnessPresets.preset(n).name()).isEqualTo(n));
  }

  @Test
  void theMildestLevelsLeaveTheImageAndTheOthersDegradeIt() {
    ImageTransform sigma0 = RobustnessPresets.preset("blur").levels().get("0");
    assertThat(sigma0.apply(GREY)).isSameAs(GREY);
    assertThat(sigma0.description()).isEqualTo("gaussian_blur(sigma=0)");
    assertThat(RobustnessPresets.preset("resize").levels().get("1").apply(GREY)).isSameAs(GREY);
    RgbImage quarter = RobustnessPresets.preset("resize").levels().get("0.25").apply(GREY);
    assertThat(quarter.width()).isEqualTo(16);
    assertThat(quarter.height()).isEqualTo(12);
    // social: the image is scaled first, then JPEG-compressed (the description says so, in order)
    ImageTransform upload = RobustnessPresets.preset("social").levels().get("0.5+q75");
    RgbImage uploaded = upload.apply(GREY);
    assertThat(uploaded.width()).isEqualTo(32);
    assertThat(upload.description()).startsWith("resize(scale=0.5, filter=bicubic) -> jpeg("
        + "quality=75");
  }

  @Test
  void unknownPresetsAndBadLevelsAreRefused() {
    assertThatThrownBy(() -> RobustnessPresets.preset("noise"))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("jpeg, blur, resize, social");
    assertThatThrownBy(() -> RobustnessPresets.scale(1.5)).isInstanceOf(BadArgumentException.class);
    assertThatThrownBy(() -> RobustnessPresets.scale(0)).isInstanceOf(BadArgumentException.class);
    assertThatThrownBy(() -> RobustnessPresets.social(new double[] {1, 0.5}, new int[] {90}))
        .isInstanceOf(BadArgumentException.class).hasMessageContaining("one per scale");
  }
}
