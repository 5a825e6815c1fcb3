package org.genimage.spectral;

import java.io.Serializable;
import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * Settings of the periodic up-sampling-artifact score ({@link PeriodicArtifactScore}) and of its
 * detector ({@link PeriodicArtifactDetector}).
 *
 * @param factors the up-sampling factors {@code k} whose grids are examined, each 2 to 16
 * @param peakRadius half-width in bins of the square window searched for the peak's maximum, 0 to 4
 * @param backgroundRadius the outer half-width of the square ring whose median is the local
 *     background; the ring starts two bins outside the peak window, so at least {@code peakRadius + 2}
 *     and at most 32
 * @param channel the plane the detector takes of each image
 * @param residual the residual filter the detector applies before the FFT
 * @param hannWindow whether the detector tapers the plane with a Hann window (suppresses the border
 *     leakage on the axes, where half of the grid positions lie)
 * @param maxSide the detector centre-crops larger images to at most this side (bounds the cost;
 *     keeps periodicities), 16 to 8192
 * @param midpoint the raw score mapped to probability 0.5
 * @param temperature the raw-score spread of the logistic mapping, positive
 */
public record ArtifactScoreConfig(
    List<Integer> factors,
    int peakRadius,
    int backgroundRadius,
    Channel channel,
    ResidualFilter residual,
    boolean hannWindow,
    int maxSide,
    double midpoint,
    double temperature) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for a value outside its range
   */
  public ArtifactScoreConfig {
    factors = List.copyOf(Checks.notEmpty("factors", factors));
    for (int k : factors) {
      Checks.inRange("factor", k, 2, 16);
    }
    Checks.inRange("peakRadius", peakRadius, 0, 4);
    Checks.inRange("backgroundRadius", backgroundRadius, peakRadius + 2, 32);
    Checks.notNull("channel", channel);
    Checks.notNull("residual", residual);
    Checks.inRange("maxSide", maxSide, 16, 8192);
    Checks.inRange("midpoint", midpoint, -100.0, 100.0);
    Checks.positive("temperature", temperature);
  }

  /**
   * The defaults: factors 2, 4 and 8; peak window 3x3; background ring out to 6 bins; luma, no
   * residual filter, Hann window; crop to 512; logistic mapping centred on a raw score of 1.0 (a
   * peak ten times its background on average) with temperature 0.25. These were set on simulated
   * up-sampling (see the tests), not calibrated on GenImage.
   *
   * @return the default configuration
   */
  public static ArtifactScoreConfig defaults() {
    return new ArtifactScoreConfig(List.of(2, 4, 8), 1, 6, Channel.LUMA, ResidualFilter.none(),
        true, 512, 1.0, 0.25);
  }

  /**
   * The monotone map from a raw score to a probability of being generated: {@code 1 / (1 +
   * exp(-(raw - midpoint) / temperature))}.
   *
   * @param raw a raw score from {@link PeriodicArtifactScore#rawScore}
   * @return the probability in [0, 1]
   */
  public double probability(double raw) {
    if (Double.isNaN(raw)) {
      return 0.5;
    }
    return 1.0 / (1.0 + Math.exp(-(raw - midpoint) / temperature));
  }
}
