package org.genimage.spectral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.genimage.api.BadArgumentException;
import org.genimage.api.RgbImage;
import org.junit.jupiter.api.Test;

/** The streaming accumulator: mean, merge, transport forms, size policies. */
class AverageSpectrumTest {
  private static List<RgbImage> randomImages(int count, int height, int width, long seed) {
    Random random = new Random(seed);
    List<RgbImage> images = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] rgb = new byte[3 * height * width];
      random.nextBytes(rgb);
      images.add(RgbImage.wrap(width, height, rgb));
    }
    return images;
  }

  private static AverageSpectrumConfig plain(int h, int w, SizePolicy policy) {
    return new AverageSpectrumConfig(h, w, Channel.GREEN, ResidualFilter.none(), policy, false, false);
  }

  @Test
  void meanEqualsTheMeanOfSingleSpectra() {
    List<RgbImage> images = randomImages(5, 12, 9, 1);
    AverageSpectrum acc = new AverageSpectrum(plain(12, 9, SizePolicy.CENTRE_CROP));
    double[] expected = new double[12 * 9];
    for (RgbImage image : images) {
      acc.add(image);
      double[] plane = new double[12 * 9];
      for (int i = 0; i < plane.length; i++) {
        plane[i] = image.sample(i % 9, i / 9, 1);
      }
      double[] f = Spectra.fft2(plane, 12, 9);
      for (int i = 0; i < expected.length; i++) {
        expected[i] += (f[2 * i] * f[2 * i] + f[2 * i + 1] * f[2 * i + 1]) / images.size();
      }
    }
    assertThat(acc.count()).isEqualTo(5);
    float[] mean = acc.mean(false).values();
    double maxRef = 0;
    for (double e : expected) {
      maxRef = Math.max(maxRef, e);
    }
    for (int i = 0; i < mean.length; i++) {
      assertThat(Math.abs(mean[i] - expected[i]) / maxRef).isLessThan(1e-6);
    }
    assertThat(acc.mean(true).values()).containsExactly(Spectra.fftShift(mean, 12, 9));
  }

  @Test
  void mergeEqualsOneSequentialPassAndParallelCollectorAgrees() {
    AverageSpectrumConfig config = AverageSpectrumConfig.residualSquare(32);
    List<RgbImage> images = randomImages(10, 40, 36, 2);
    AverageSpectrum all = new AverageSpectrum(config);
    images.forEach(all::add);
    AverageSpectrum a = new AverageSpectrum(config);
    AverageSpectrum b = new AverageSpectrum(config);
    images.subList(0, 4).forEach(a::add);
    images.subList(4, 10).forEach(b::add);
    AverageSpectrum merged = AverageSpectrum.merged(a, b);
    assertThat(merged.count()).isEqualTo(10);
    assertThat(a.count()).isEqualTo(4);
    assertClose(merged.mean(false).values(), all.mean(false).values(), 1e-12);
    AverageSpectrum parallel = AverageSpectrum.ofAll(images, config);
    assertThat(parallel.count()).isEqualTo(10);
    assertClose(parallel.mean(false).values(), all.mean(false).values(), 1e-12);
  }

  private static void assertClose(float[] actual, float[] expected, double relative) {
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i]).isCloseTo(expected[i],
          org.assertj.core.data.Offset.offset(relative * Math.abs(expected[i]) + 1e-30));
    }
  }

  @Test
  void bytesAndJavaSerializationRoundTripExactly() throws Exception {
    AverageSpectrumConfig config = new AverageSpectrumConfig(16, 20, Channel.LUMA,
        ResidualFilter.gaussian(1.5), SizePolicy.RESIZE, true, true);
    AverageSpectrum acc = new AverageSpectrum(config);
    randomImages(3, 30, 25, 3).forEach(acc::add);
    byte[] bytes = acc.toBytes();
    assertThat(bytes).hasSize(48 + 8 * 16 * 20);
    AverageSpectrum back = AverageSpectrum.fromBytes(bytes);
    assertThat(back.config()).isEqualTo(config);
    assertThat(back.count()).isEqualTo(3);
    assertThat(back.mean(true)).isEqualTo(acc.mean(true));
    assertThat(back.toBytes()).isEqualTo(bytes);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
      oos.writeObject(acc);
    }
    AverageSpectrum deserialised;
    try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      deserialised = (AverageSpectrum) ois.readObject();
    }
    assertThat(deserialised.mean(false)).isEqualTo(acc.mean(false));
    deserialised.add(randomImages(1, 16, 20, 4).get(0)); // workspaces rebuilt after deserialisation
    assertThat(deserialised.count()).isEqualTo(4);

    bytes[0] = 0;
    assertThatThrownBy(() -> AverageSpectrum.fromBytes(bytes)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("GSPA");
  }

  @Test
  void centreCropTakesTheMiddleAndRejectsSmallImages() {
    // A 6x4 image whose central 2x2 window is (10, 20; 30, 40) in green.
    byte[] rgb = new byte[3 * 6 * 4];
    int[][] centre = {{10, 20}, {30, 40}};
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        rgb[3 * ((1 + r) * 6 + 2 + c) + 1] = (byte) centre[r][c];
      }
    }
    AverageSpectrum acc = new AverageSpectrum(plain(2, 2, SizePolicy.CENTRE_CROP));
    acc.add(RgbImage.wrap(6, 4, rgb));
    // DC of the window = 100, so power 10000.
    assertThat(acc.mean(false).get(0, 0)).isEqualTo(10000f);
    AverageSpectrum big = new AverageSpectrum(plain(8, 8, SizePolicy.CENTRE_CROP));
    assertThatThrownBy(() -> big.add(RgbImage.wrap(6, 4, rgb))).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("6x4").hasMessageContaining("CENTRE_CROP");
    AverageSpectrum resized = new AverageSpectrum(plain(8, 8, SizePolicy.RESIZE));
    resized.add(RgbImage.filled(5, 7, 0, 50, 0));
    assertThat(resized.mean(false).get(0, 0)).isEqualTo(64f * 50 * 64 * 50);
  }

  @Test
  void mergeRejectsDifferentConfigsAndEmptyMeanFails() {
    AverageSpectrum a = new AverageSpectrum(plain(4, 4, SizePolicy.CENTRE_CROP));
    AverageSpectrum b = new AverageSpectrum(plain(4, 4, SizePolicy.RESIZE));
    assertThatThrownBy(() -> a.merge(b)).isInstanceOf(BadArgumentException.class)
        .hasMessageContaining("other.config");
    assertThatThrownBy(() -> a.mean(true)).isInstanceOf(IllegalStateException.class);
  }
}
