package org.genimage.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BiasControl;
import org.genimage.api.DetectorInfo;
import org.genimage.api.ImageFormat.Compression;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.eval.metrics.BinaryEvaluation;
import org.genimage.eval.metrics.FormatBaseline;
import org.genimage.eval.metrics.SizeBaseline;

/**
 * Every cell of a plan after a run: the raw scores, the detectors' descriptions, which cells were
 * computed now and which were resumed from the run directory, and the run's provenance.
 *
 * @param plan the plan that was run
 * @param scores the scores per score cell id
 * @param detectors the description of each detector, by key
 * @param computedCells the ids of the cells computed in this run (train and score cells)
 * @param resumedCells the ids of the cells reused from the run directory
 * @param provenance the run's provenance
 */
public record RunOutcome(ExperimentPlan plan, Map<String, CellScores> scores,
    Map<String, DetectorInfo> detectors, List<String> computedCells, List<String> resumedCells,
    RunProvenance provenance) {
  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for a null component or a score cell without scores
   */
  public RunOutcome {
    Checks.notNull("plan", plan);
    scores = Map.copyOf(Checks.notNull("scores", scores));
    detectors = Map.copyOf(Checks.notNull("detectors", detectors));
    computedCells = List.copyOf(Checks.notNull("computedCells", computedCells));
    resumedCells = List.copyOf(Checks.notNull("resumedCells", resumedCells));
    Checks.notNull("provenance", provenance);
    for (ScoreCell c : plan.scoreCells()) {
      if (!scores.containsKey(c.id())) {
        throw new BadArgumentException("scores", "has nothing for cell " + c.id());
      }
    }
  }

  /**
   * Evaluates one score cell with the plan's {@link ProtocolSettings#evaluation()} options.
   *
   * @param scoreCellId the cell's id
   * @return the cell's result
   * @throws BadArgumentException if the plan has no such cell, or it scored no image at all
   */
  public CellResult cell(String scoreCellId) {
    ScoreCell c = plan.scoreCells().stream().filter(s -> s.id().equals(scoreCellId)).findFirst()
        .orElseThrow(() -> new BadArgumentException("scoreCellId", scoreCellId,
            "a score cell of the plan"));
    CellScores s = scores.get(scoreCellId);
    if (s.size() == 0) {
      throw new BadArgumentException("scoreCellId", "cell " + scoreCellId + " scored no image ("
          + s.skipped().size() + " skipped); nothing to evaluate");
    }
    BinaryEvaluation e = BinaryEvaluation.of(s.labels(), s.scores(), plan.settings().evaluation());
    return new CellResult(c.id(), detectors.get(c.detectorKey()).name(),
        plan.trainedOn(c.detectorKey()), c.testName(), ManifestHash.of(c.test()), c.condition(),
        c.isClean() ? "none" : c.degradation().description(), e, s, formatBaseline(c, s),
        sizeBaseline(s));
  }

  /**
   * The size-only baseline over the cell's scored images, from the sizes the scorer recorded as the
   * bias-controlled test set gave them (before degradation). Cells resumed from score files written
   * before sizes were recorded have none, and so no baseline, rather than one guessed.
   */
  private Optional<SizeBaseline> sizeBaseline(CellScores s) {
    if (!s.sizesRecorded()) {
      return Optional.empty();
    }
    return SizeBaseline.of(s.labels(), s.widths(), s.heights(), plan.settings().evaluation());
  }

  /**
   * The format-only baseline over the cell's scored images, with each image's format as the bias
   * control loads it. The file name tells the format, so no file is opened; a degradation is not
   * taken into account (the baseline describes the set's files, which a detector trained on them
   * may have learned).
   */
  private Optional<FormatBaseline> formatBaseline(ScoreCell c, CellScores s) {
    BiasControl control = plan.settings().biasControl();
    Map<String, Sample> byId = new HashMap<>();
    c.test().samples().forEach(x -> byId.put(x.id(), x));
    List<String> ids = s.sampleIds();
    Compression[] compression = new Compression[ids.size()];
    for (int i = 0; i < compression.length; i++) {
      Sample x = byId.get(ids.get(i));
      if (x == null) {
        // A scored id outside the cell's test set is a bookkeeping error, not an image of unknown format.
        throw new IllegalStateException("cell " + c.id() + " scored sample " + ids.get(i)
            + ", which is not in its test set " + c.testName());
      }
      compression[i] = control.loadedFormat(x).compression();
    }
    return FormatBaseline.of(s.labels(), compression, plan.settings().evaluation());
  }
}
