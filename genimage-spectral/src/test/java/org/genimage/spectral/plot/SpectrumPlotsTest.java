package org.genimage.spectral.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.genimage.api.BadArgumentException;
import org.genimage.spectral.Spectra;
import org.genimage.spectral.Spectrum;
import org.genimage.spectral.SpectrumScale;
import org.junit.jupiter.api.Test;

/**
 * Writes the plots under target/plots (look at them: the README's picture comes from
 * SpectralFiguresTest) and checks what can be checked mechanically.
 */
class SpectrumPlotsTest {
  private static final Path OUT = Paths.get("target", "plots");

  @Test
  void viridisEndsAreMatplotlibs() {
    Viridis v = new Viridis(0, 1);
    assertThat(v.rgb(0)).isEqualTo(0x440154);
    assertThat(v.rgb(1)).isEqualTo(0xfde725);
    assertThat(v.rgb(-5)).isEqualTo(0x440154);
    assertThat(v.rgb(0.5)).isEqualTo(0x21918c);
    assertThatThrownBy(() -> new Viridis(1, 1)).isInstanceOf(BadArgumentException.class);
  }

  @Test
  void spectrumPlotShowsASinusoidAsTwoBrightDots() throws Exception {
    int n = 64;
    float[] plane = new float[n * n];
    Random random = new Random(1);
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        plane[r * n + c] = (float) (20 * Math.cos(2 * Math.PI * 8 * c / n) + random.nextGaussian());
      }
    }
    Spectrum s = Spectra.of(plane, n, n, SpectrumScale.POWER, true);
    Path png = OUT.resolve("sinusoid.png");
    SpectrumPlots.writeSpectrum(png, s, "cos(2 pi 8x/64) + noise");
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isGreaterThan(500);
    // The brightest colour of viridis (yellow) appears: the two peaks.
    boolean yellow = false;
    for (int y = 0; y < image.getHeight() && !yellow; y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        if (rgb == 0xfde725) {
          yellow = true;
          break;
        }
      }
    }
    assertThat(yellow).isTrue();
  }

  @Test
  void panelAndProfilesAreWritten() throws Exception {
    Map<String, Spectrum> spectra = new LinkedHashMap<>();
    Random random = new Random(2);
    for (int k : new int[] {2, 4}) {
      float[] plane = new float[48 * 40];
      for (int i = 0; i < plane.length; i++) {
        plane[i] = (float) random.nextGaussian() + ((i / 40) % k == 0 && (i % 40) % k == 0 ? 5 : 0);
      }
      spectra.put("grid " + k, Spectra.of(plane, 48, 40, SpectrumScale.POWER, true));
    }
    Path panel = OUT.resolve("panel.png");
    SpectrumPlots.writePanel(panel, spectra);
    BufferedImage image = ImageIO.read(panel.toFile());
    assertThat(image.getWidth()).isEqualTo(2 * image.getHeight() + 180);
    Map<String, org.genimage.spectral.RadialProfile> profiles = new LinkedHashMap<>();
    spectra.forEach((name, s) -> profiles.put(name, org.genimage.spectral.RadialProfile.of(s, 16)));
    Path chart = OUT.resolve("profiles.png");
    SpectrumPlots.writeRadialProfiles(chart, profiles, "radial profiles");
    assertThat(Files.size(chart)).isGreaterThan(5000);
    assertThatThrownBy(() -> SpectrumPlots.writePanel(panel, Map.of()))
        .isInstanceOf(BadArgumentException.class);
  }
}
