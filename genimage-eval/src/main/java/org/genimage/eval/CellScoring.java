package org.genimage.eval;

import java.nio.file.Path;
import java.util.Optional;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.Detector;

/**
 * How an {@link Experiment} computes the scores of one score cell. By default an experiment scores in
 * its own JVM (loader threads and a bounded queue); {@link Experiment.Builder#cellScoring(CellScoring)}
 * replaces that, for example with genimage-spark's scorer that spreads a cell over a cluster. Whatever
 * computes them, the experiment writes, resumes and evaluates the cells the same way.
 *
 * <p>An implementation must return what the local scorer would: the scored samples in the test set's
 * order (skipped ones left out, listed in {@link CellScores#skipped()} in the same order), each image
 * degraded only when the settings' {@link DegradationTarget} hits its label, with the generator {@link
 * org.genimage.api.ImageTransform#randomFor(long, String)} gives for the settings' seed and the sample
 * id, then brought to the detector's input size by {@link SmallImages#fit}. It should also record
 * each scored image's size as the test set gave it, before degradation and fitting ({@link
 * CellScores#widths()}, {@link CellScores#heights()}); one that does not leaves the cell without a
 * size-only baseline in the reports, never with a wrong one.
 */
@FunctionalInterface
public interface CellScoring {
  /**
   * Scores one cell.
   *
   * @param cell the cell: test set, condition and degradation
   * @param detector the detector, open in this JVM
   * @param detectorFile the file the detector was saved to in the run directory, when it was (absent
   *     for detectors given ready-made or whose {@code save} is unsupported)
   * @param fingerprint the fingerprint to store in the returned {@link CellScores}
   * @param settings the protocol settings
   * @param policy what to do with images that fail to load
   * @return the cell's scores
   */
  CellScores score(ScoreCell cell, Detector detector, Optional<Path> detectorFile, String fingerprint,
      ProtocolSettings settings, BadInputPolicy policy);
}
