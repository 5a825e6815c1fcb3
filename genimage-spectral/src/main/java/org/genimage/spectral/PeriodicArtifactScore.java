package org.genimage.spectral;

import java.util.Arrays;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * How strongly a power spectrum has isolated peaks where an up-sampling grid puts them.
 *
 * <p>Up-sampling by a factor {@code k} (zero insertion, transposed convolutions) replicates the
 * spectrum around the frequencies {@code (m / k, n / k)} cycles per pixel, that is bins {@code (m H
 * / k, n W / k)}, so generated images show peaks there. For each factor and each such position that
 * is not already a position of a smaller factor (all positions but the origin with {@link
 * ArtifactScoreConfig#allGridPoints()}), the score compares the largest power in a {@code (2
 * peakRadius + 1)}-square window with a surrounding square ring (Chebyshev distances {@code
 * peakRadius + 2} to {@code backgroundRadius}) as {@link ArtifactScoreConfig#peakMeasure()} says. A
 * factor's score is the mean over its positions; the raw score combines the factor scores as {@link
 * ArtifactScoreConfig#combination()} says. It grows by one per decade that the peaks stand out; with
 * {@link PeakMeasure#MAX_OVER_MEDIAN} and a 3x3 window a spectrum with no structure scores about 0.6
 * (the maximum of 9 exponential bins over their median), with {@link PeakMeasure#LOG_CONTRAST} and a
 * one-bin window about 0.
 */
public final class PeriodicArtifactScore {
  private PeriodicArtifactScore() {}

  /**
   * The raw score of one power spectrum.
   *
   * @param powerSpectrum a {@link SpectrumScale#POWER} spectrum, centred or not
   * @param config the factors and window sizes
   * @return the raw score; higher means stronger periodic peaks
   * @throws BadArgumentException if the spectrum is not a power spectrum
   */
  public static double rawScore(Spectrum powerSpectrum, ArtifactScoreConfig config) {
    Checks.notNull("powerSpectrum", powerSpectrum);
    Checks.notNull("config", config);
    if (powerSpectrum.scale() != SpectrumScale.POWER) {
      throw new BadArgumentException("powerSpectrum.scale", powerSpectrum.scale(), "POWER");
    }
    Spectrum s = powerSpectrum.toUncentred();
    return rawScore(s.array(), s.height(), s.width(), config);
  }

  /**
   * The raw score of an uncentred power spectrum held in an array.
   *
   * @param power {@code height * width} values {@code |X|^2}, zero frequency at (0, 0)
   * @param height rows
   * @param width columns
   * @param config the factors and window sizes
   * @return the raw score
   */
  public static double rawScore(float[] power, int height, int width, ArtifactScoreConfig config) {
    Spectra.checkSize(power.length, height, width);
    int ring = config.backgroundRadius();
    float[] background = new float[(2 * ring + 1) * (2 * ring + 1)];
    double best = Double.NEGATIVE_INFINITY;
    double sum = 0;
    int used = 0;
    for (int k : config.factors()) {
      double total = 0;
      int positions = 0;
      for (int m = 0; m < k; m++) {
        for (int n = 0; n < k; n++) {
          if (m == 0 && n == 0 || !config.allGridPoints() && TileLayout.gcd(TileLayout.gcd(m, n), k) != 1) {
            continue; // the origin, or a position of a smaller factor
          }
          // round(m H / k) half up, in integers: exact at halves (the numpy reference does the same).
          int row = (int) ((2L * m * height + k) / (2L * k)) % height;
          int col = (int) ((2L * n * width + k) / (2L * k)) % width;
          total += positionScore(power, height, width, row, col, config.peakRadius(), ring,
              config.peakMeasure(), background);
          positions++;
        }
      }
      if (positions > 0) {
        best = Math.max(best, total / positions);
        sum += total / positions;
        used++;
      }
    }
    return config.combination() == FactorCombination.MAX ? best : sum / used;
  }

  private static double positionScore(float[] p, int h, int w, int row, int col, int peakRadius,
      int ring, PeakMeasure measure, float[] background) {
    double peak = 0;
    int nb = 0;
    for (int dr = -ring; dr <= ring; dr++) {
      int r = Math.floorMod(row + dr, h);
      for (int dc = -ring; dc <= ring; dc++) {
        int c = Math.floorMod(col + dc, w);
        int distance = Math.max(Math.abs(dr), Math.abs(dc));
        float v = p[r * w + c];
        if (distance <= peakRadius) {
          peak = Math.max(peak, v);
        } else if (distance >= peakRadius + 2) {
          background[nb++] = v;
        }
      }
    }
    // The floor keeps flat (e.g. constant) spectra finite: their score is 0.
    double floor = SpectrumScale.LOG_FLOOR;
    if (measure == PeakMeasure.LOG_CONTRAST) {
      double logs = 0;
      for (int i = 0; i < nb; i++) {
        logs += Math.log10(background[i] + floor);
      }
      return Math.log10(peak + floor) - logs / nb;
    }
    Arrays.sort(background, 0, nb);
    double median = nb % 2 == 1
        ? background[nb / 2]
        : 0.5 * (background[nb / 2 - 1] + (double) background[nb / 2]);
    return Math.log10((peak + floor) / (median + floor));
  }
}
