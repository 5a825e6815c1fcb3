package org.genimage.detectors.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.genimage.api.RgbImage;
import org.genimage.detectors.layers.FixtureTensors;
import org.junit.jupiter.api.Test;

class SpecSpectrumTest {
  private static final Map<String, FixtureTensors.Tensor> FIX =
      FixtureTensors.read("spec_io.safetensors");

  @Test
  void matchesNumpyReferenceOfAutoGan() {
    FixtureTensors.Tensor img = FIX.get("image");
    RgbImage image = RgbImage.of((int) img.shape()[1], (int) img.shape()[0], img.bytes());
    float[] actual = SpecSpectrum.spectrum(image);
    double[] expected = FIX.get("spectrum").values();
    assertThat(actual).hasSize(expected.length);
    int clipped = 0;
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i]).as("spectrum[%d]", i).isCloseTo(expected[i], within(1e-4));
      if (Math.abs(expected[i]) == 1.0) {
        clipped++;
      }
    }
    // the 5/95 percentile normalisation clips about 10% of the values to +-1: a check that the fixture
    // exercises the clipping
    assertThat(clipped).isBetween(actual.length / 20, actual.length / 5);
  }

  @Test
  void percentileIsNumpyLinear() {
    double[] sorted = {1, 2, 3, 4, 10};
    assertThat(SpecSpectrum.percentile(sorted, 95)).isCloseTo(8.8, within(1e-12));
    assertThat(SpecSpectrum.percentile(sorted, 5)).isCloseTo(1.2, within(1e-12));
  }

  @Test
  void pipelineStepReadsTheCropInPlaceAsTheSpectrumOfTheCroppedImage() {
    FixtureTensors.Tensor img = FIX.get("image");
    RgbImage image = RgbImage.of((int) img.shape()[1], (int) img.shape()[0], img.bytes());
    int crop = Math.min(image.width(), image.height()) - 3;
    PreprocessingPipeline p = PreprocessingPipeline.of(new PreprocessingStep.CenterCrop(crop),
        new PreprocessingStep.LogSpectrum());
    float[] viaPipeline = p.compile().apply(image);
    float[] ofCopy = SpecSpectrum.spectrum(new org.genimage.degrade.CenterCrop(crop, crop).apply(image));
    assertThat(viaPipeline).hasSize(3 * crop * crop).containsExactly(ofCopy);
  }
}
