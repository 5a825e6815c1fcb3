package org.genimage.degrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.genimage.api.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JPEG against Pillow 9.4 (libjpeg-turbo 2.1) and OpenCV 4.6 round trips. */
class JpegParityTest {
  @ParameterizedTest
  @ValueSource(ints = {30, 65, 95, 100})
  void tablesAreIdenticalToPillowsQuantization(int quality) {
    List<String> lines = Fixtures.lines("jpeg_qtables_pil.txt");
    assertThat(JpegQuantTables.luminance(quality)).containsExactly(table(lines, quality, "luminance"));
    assertThat(JpegQuantTables.chrominance(quality))
        .containsExactly(table(lines, quality, "chrominance"));
  }

  private static int[] table(List<String> lines, int quality, String kind) {
    String prefix = "quality " + quality + " " + kind + " ";
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
        .map(l -> Arrays.stream(l.substring(prefix.length()).trim().split(" "))
            .mapToInt(Integer::parseInt).toArray())
        .orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(ints = {30, 65, 95, 100})
  void decodedPixelsMatchPillowsRoundTrip(int quality) {
    check(JpegCompression.of(quality).apply(Fixtures.inputA()), "jpeg_pil_q" + quality + "_420_a", 37, 29);
    check(JpegCompression.of(quality).apply(Fixtures.inputB()), "jpeg_pil_q" + quality + "_420_b", 96, 80);
  }

  @Test
  void otherSubsamplingsMatchPillow() {
    check(JpegCompression.of(65, ChromaSubsampling.S444).apply(Fixtures.inputB()),
        "jpeg_pil_q65_444_b", 96, 80);
    check(JpegCompression.of(65, ChromaSubsampling.S422).apply(Fixtures.inputB()),
        "jpeg_pil_q65_422_b", 96, 80);
  }

  @ParameterizedTest
  @ValueSource(ints = {30, 65, 100})
  void openCvEncoderGivesTheSamePixels(int quality) {
    // CNNSpot's cv2_jpg path: the same model must match OpenCV's imencode/imdecode too
    check(JpegCompression.of(quality).apply(Fixtures.inputB()), "jpeg_cv2_q" + quality + "_b", 96, 80);
  }

  private static void check(RgbImage ours, String name, int w, int h) {
    Fixtures.Diff d = Fixtures.Diff.of(ours, Fixtures.image(name, w, h));
    assertThat(d.mean()).as(name + " " + d).isLessThanOrEqualTo(1.0);
    // stronger than the issue asks: the reproduction of libjpeg's integer pipeline is exact here
    assertThat(d.max()).as(name + " " + d).isEqualTo(0);
  }

  @Test
  void lowerQualityLosesMore() {
    RgbImage b = Fixtures.inputB();
    double q30 = Fixtures.Diff.of(JpegCompression.of(30).apply(b), b).mean();
    double q95 = Fixtures.Diff.of(JpegCompression.of(95).apply(b), b).mean();
    assertThat(q30).isGreaterThan(q95).isGreaterThan(0.0);
  }
}
