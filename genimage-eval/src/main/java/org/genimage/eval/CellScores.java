package org.genimage.eval;

import java.util.Arrays;
import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * The raw output of one scored test set: what a run directory stores per finished cell, and what
 * metrics and histograms are computed from. Arrays are copied in and out.
 *
 * @param cellId the cell's id
 * @param fingerprint a hash of everything that determines the scores (detector, test manifest,
 *     degradation, settings): a resumed run reuses the file only when it matches
 * @param sampleIds the ids of the scored samples, in the test set's order, skipped ones left out
 * @param labels 0 (REAL) or 1 (FAKE) per scored sample
 * @param scores P(FAKE) per scored sample
 * @param skipped the images that could not be loaded
 */
public record CellScores(String cellId, String fingerprint, List<String> sampleIds, int[] labels,
    float[] scores, List<SkippedImage> skipped) {
  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for null components or lengths that disagree
   */
  public CellScores {
    Checks.notBlank("cellId", cellId);
    Checks.notNull("fingerprint", fingerprint);
    sampleIds = List.copyOf(Checks.notNull("sampleIds", sampleIds));
    labels = Checks.notNull("labels", labels).clone();
    scores = Checks.notNull("scores", scores).clone();
    skipped = List.copyOf(Checks.notNull("skipped", skipped));
    if (labels.length != sampleIds.size() || scores.length != sampleIds.size()) {
      throw new BadArgumentException("scores", "cell " + cellId + " has " + sampleIds.size()
          + " ids, " + labels.length + " labels and " + scores.length + " scores; they must agree");
    }
  }

  /**
   * The labels.
   *
   * @return a copy
   */
  @Override
  public int[] labels() {
    return labels.clone();
  }

  /**
   * The scores.
   *
   * @return a copy
   */
  @Override
  public float[] scores() {
    return scores.clone();
  }

  /**
   * The number of scored images.
   *
   * @return the length of the arrays
   */
  public int size() {
    return labels.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CellScores c && cellId.equals(c.cellId) && fingerprint.equals(c.fingerprint)
        && sampleIds.equals(c.sampleIds) && Arrays.equals(labels, c.labels)
        && Arrays.equals(scores, c.scores) && skipped.equals(c.skipped);
  }

  @Override
  public int hashCode() {
    return cellId.hashCode() * 31 + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    return "CellScores[" + cellId + ", " + labels.length + " scored, " + skipped.size() + " skipped]";
  }
}
