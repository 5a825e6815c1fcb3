package org.genimage.degrade;

import static org.assertj.core.api.Assertions.assertThat;

import org.genimage.api.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Blur against scipy.ndimage.gaussian_filter (SciPy 1.10) and cv2.GaussianBlur (OpenCV 4.6). */
class GaussianBlurParityTest {
  @ParameterizedTest
  @ValueSource(doubles = {0.5, 1.5, 3.0, 5.0})
  void matchesScipyEverywhereIncludingBorders(double sigma) {
    // sigma 5 on the 37x29 image: radius 20 > height, so the reflection wraps more than once
    check(GaussianBlur.scipy(sigma).apply(Fixtures.inputA()), "blur_scipy_" + sigma + "_a", 37, 29);
    check(GaussianBlur.scipy(sigma).apply(Fixtures.inputB()), "blur_scipy_" + sigma + "_b", 96, 80);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.8, 1.5, 3.0, 5.0})
  void matchesOpenCvEverywhereIncludingBorders(double sigma) {
    check(GaussianBlur.opencv(sigma).apply(Fixtures.inputA()), "blur_opencv_" + sigma + "_a", 37, 29);
    check(GaussianBlur.opencv(sigma).apply(Fixtures.inputB()), "blur_opencv_" + sigma + "_b", 96, 80);
  }

  private static void check(RgbImage ours, String name, int w, int h) {
    Fixtures.Diff d = Fixtures.Diff.of(ours, Fixtures.image(name, w, h));
    assertThat(d.max()).as(name + " " + d).isLessThanOrEqualTo(1);
    // SciPy truncates to uint8, so a last-ulp difference in a kernel weight (NumPy's exp is not
    // correctly rounded, nor is Java's) can flip a value that sits on an integer; that is rare
    assertThat(d.fractionExact()).as(name + " " + d).isGreaterThan(0.999);
  }

  @Test
  void scipyStaticPathMatchesTheTransform() {
    RgbImage b = Fixtures.inputB();
    assertThat(GaussianBlur.scipyBlur(b, 1.5)).isEqualTo(GaussianBlur.scipy(1.5).apply(b));
    assertThat(GaussianBlur.scipyBlur(b, 0.0)).isSameAs(b);
  }

  @Test
  void kernelsFollowTheLibrariesSizeRules() {
    // SciPy: radius (int) (4 sigma + 0.5); the half kernel sums to 1 with the centre counted once
    double[] k = GaussianBlur.scipyKernel(3.0);
    assertThat(k).hasSize(13);
    double sum = k[0];
    for (int i = 1; i < k.length; i++) {
      sum += 2 * k[i];
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
    // OpenCV 8-bit: ksize = round(6 sigma + 1) | 1, integer weights summing to 256
    int[] cv = GaussianBlur.opencvKernel(1.5);
    assertThat(cv).hasSize(11);
    assertThat(java.util.Arrays.stream(cv).sum()).isEqualTo(256);
  }

  @Test
  void reflectModesFollowTheirDefinitions() {
    // SciPy 'reflect': d c b a | a b c d | d c b a
    assertThat(GaussianBlur.reflect(-1, 4)).isEqualTo(0);
    assertThat(GaussianBlur.reflect(-4, 4)).isEqualTo(3);
    assertThat(GaussianBlur.reflect(-5, 4)).isEqualTo(3);
    assertThat(GaussianBlur.reflect(4, 4)).isEqualTo(3);
    assertThat(GaussianBlur.reflect(8, 4)).isEqualTo(0);
    // OpenCV REFLECT_101: d c b | a b c d | c b a
    assertThat(GaussianBlur.reflect101(-1, 4)).isEqualTo(1);
    assertThat(GaussianBlur.reflect101(4, 4)).isEqualTo(2);
    assertThat(GaussianBlur.reflect101(-4, 4)).isEqualTo(2);
  }
}
