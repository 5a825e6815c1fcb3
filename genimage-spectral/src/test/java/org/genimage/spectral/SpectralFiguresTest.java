package org.genimage.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.genimage.api.RgbImage;
import org.genimage.spectral.plot.SpectrumPlots;
import org.junit.jupiter.api.Test;

/**
 * The README's figures: average residual spectra and radial profiles of simulated sets (dead-leaves
 * images, and the same images up-sampled by zero insertion x2 / x4 or nearest x2, each smoothed), in
 * target/plots. Asserts what the pictures show: the x2 set's average spectrum has the grid peak.
 */
class SpectralFiguresTest {
  @Test
  void writesAverageSpectraPanelAndProfiles() {
    int size = 128;
    String[] names = {"real", "zero-insert x2", "zero-insert x4", "nearest x2"};
    AverageSpectrumConfig config = AverageSpectrumConfig.residualSquare(size);
    Map<String, AverageSpectrum> sets = new LinkedHashMap<>();
    for (String name : names) {
      sets.put(name, new AverageSpectrum(config));
    }
    Random random = new Random(7);
    List<RgbImage> x2 = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      RgbImage[] two = Synthetic.pair(size, 2, false, random);
      RgbImage[] four = Synthetic.pair(size, 4, false, random);
      RgbImage[] nearest = Synthetic.pair(size, 2, true, random);
      sets.get("real").add(two[0]);
      sets.get("zero-insert x2").add(two[1]);
      sets.get("zero-insert x4").add(four[1]);
      sets.get("nearest x2").add(nearest[1]);
      x2.add(two[1]);
    }
    Map<String, Spectrum> spectra = new LinkedHashMap<>();
    Map<String, RadialProfile> profiles = new LinkedHashMap<>();
    sets.forEach((name, acc) -> {
      spectra.put(name, acc.mean(true));
      profiles.put(name, RadialProfile.of(acc.mean(true), 64));
    });
    Path out = Paths.get("target", "plots");
    SpectrumPlots.writeSpectrum(out.resolve("average-x2.png"), spectra.get("zero-insert x2"),
        "average residual spectrum, zero-insert x2 (12 images)");
    SpectrumPlots.writePanel(out.resolve("average-panel.png"), spectra);
    SpectrumPlots.writeRadialProfiles(out.resolve("radial-profiles.png"), profiles,
        "radial profiles of median-3x3 residuals");
    ArtifactScoreConfig score = ArtifactScoreConfig.defaults();
    double real = PeriodicArtifactScore.rawScore(spectra.get("real"), score);
    double fake = PeriodicArtifactScore.rawScore(spectra.get("zero-insert x2"), score);
    System.out.printf("average-spectrum raw scores: real %.2f, zero-insert x2 %.2f%n", real, fake);
    assertThat(fake).isGreaterThan(real + 1);
    assertThat(AverageSpectrum.ofAll(x2, config).count()).isEqualTo(12);
  }
}
