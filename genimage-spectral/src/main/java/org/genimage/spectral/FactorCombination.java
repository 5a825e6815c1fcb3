package org.genimage.spectral;

/** How {@link PeriodicArtifactScore} combines the scores of its up-sampling factors. */
public enum FactorCombination {
  /**
   * The largest factor score (the first version): sensitive to whichever grid is strongest, but also
   * to the noisiest factor, which lifts every image's score.
   */
  MAX,
  /** The mean of the factor scores: all grids must stand out a little, noise averages down. */
  MEAN
}
