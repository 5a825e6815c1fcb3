package org.genimage.degrade;

import static org.assertj.core.api.Assertions.assertThat;

import org.genimage.api.RgbImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Resize against Pillow 9.4's Image.resize (fixtures from make_fixtures.py). */
class ResizeParityTest {
  @ParameterizedTest
  @EnumSource(ResampleFilter.class)
  void matchesPillowForEveryFilterUpAndDown(ResampleFilter filter) {
    RgbImage a = Fixtures.inputA();
    RgbImage b = Fixtures.inputB();
    check(Resize.resize(a, 50, 41, filter), "resize_" + filter.label() + "_a", 50, 41);
    check(Resize.resize(b, 23, 17, filter), "resize_" + filter.label() + "_b", 23, 17);
    check(Resize.resize(b, 64, 64, filter), "resize_" + filter.label() + "_b", 64, 64);
    // same width: Pillow runs the vertical pass only
    check(Resize.resize(b, 96, 40, filter), "resize_" + filter.label() + "_b", 96, 40);
  }

  private static void check(RgbImage ours, String name, int w, int h) {
    Fixtures.Diff d = Fixtures.Diff.of(ours, Fixtures.image(name, w, h));
    // the README says identical: Pillow's 22-bit fixed point is reproduced exactly, so every value
    assertThat(d.max()).as(name + " " + d).isEqualTo(0);
  }

  @ParameterizedTest
  @EnumSource(ResampleFilter.class)
  void transformUsesTheNamedFilterAndSize(ResampleFilter filter) {
    RgbImage b = Fixtures.inputB();
    RgbImage out = Resize.to(23, 17, filter).apply(b);
    assertThat(out).isEqualTo(Resize.resize(b, 23, 17, filter));
    RgbImage shorter = Resize.shorterSide(40, filter).apply(b);
    // 96x80: shorter side 80 -> 40, longer (int) (40 * 96 / 80) = 48
    assertThat(shorter.width()).isEqualTo(48);
    assertThat(shorter.height()).isEqualTo(40);
  }
}
