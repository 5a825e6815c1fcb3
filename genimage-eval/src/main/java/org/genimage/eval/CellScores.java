package org.genimage.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param widths the width of each scored image as the detector received it from the (bias-controlled)
 *     test set, before the protocol's degradation and before any fitting to the detector's input; empty
 *     when the sizes were not recorded (score files written before they were, or a {@link CellScoring}
 *     that does not record them). Left out of the JSON when empty, so older files read and digest as
 *     they were written
 * @param heights the heights, likewise: empty exactly when {@code widths} is
 */
public record CellScores(String cellId, String fingerprint, List<String> sampleIds, int[] labels,
    float[] scores, List<SkippedImage> skipped,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) int[] widths,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) int[] heights) {
  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for null components, lengths that disagree, or a size that is not
   *     positive
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
    widths = Checks.notNull("widths", widths).clone();
    heights = Checks.notNull("heights", heights).clone();
    if (widths.length != heights.length
        || (widths.length != 0 && widths.length != sampleIds.size())) {
      throw new BadArgumentException("widths", "cell " + cellId + " has " + sampleIds.size()
          + " ids, " + widths.length + " widths and " + heights.length + " heights; give a size per"
          + " scored image or none");
    }
    for (int i = 0; i < widths.length; i++) {
      if (widths[i] <= 0 || heights[i] <= 0) {
        throw new BadArgumentException("widths", "cell " + cellId + ": image " + i + " ("
            + sampleIds.get(i) + ") has size " + widths[i] + "x" + heights[i]
            + "; sizes are positive");
      }
    }
  }

  /**
   * Scores without recorded image sizes (the constructor from before sizes were recorded).
   *
   * @param cellId the cell's id
   * @param fingerprint the inputs' fingerprint
   * @param sampleIds the ids of the scored samples
   * @param labels 0 or 1 per scored sample
   * @param scores P(FAKE) per scored sample
   * @param skipped the images that could not be loaded
   * @throws BadArgumentException for null components or lengths that disagree
   */
  public CellScores(String cellId, String fingerprint, List<String> sampleIds, int[] labels,
      float[] scores, List<SkippedImage> skipped) {
    this(cellId, fingerprint, sampleIds, labels, scores, skipped, new int[0], new int[0]);
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
   * The widths.
   *
   * @return a copy; empty when sizes were not recorded
   */
  @Override
  public int[] widths() {
    return widths.clone();
  }

  /**
   * The heights.
   *
   * @return a copy; empty when sizes were not recorded
   */
  @Override
  public int[] heights() {
    return heights.clone();
  }

  /**
   * Whether each scored image's size was recorded.
   *
   * @return true when {@link #widths()} and {@link #heights()} hold one size per scored image (a cell
   *     that scored no image has none to record, and says false)
   */
  public boolean sizesRecorded() {
    return widths.length > 0;
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
        && Arrays.equals(scores, c.scores) && skipped.equals(c.skipped)
        && Arrays.equals(widths, c.widths) && Arrays.equals(heights, c.heights);
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
