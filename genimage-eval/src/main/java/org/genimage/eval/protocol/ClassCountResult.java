package org.genimage.eval.protocol;

import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.RunProvenance;
import org.genimage.eval.report.ReportContent;
import org.genimage.eval.report.Reportable;

/**
 * A class-count result: one cell per number of training classes, all on the same test set.
 *
 * @param settings the settings the run used
 * @param provenance where the result came from
 * @param testSet the test set's name
 * @param classCounts the class counts, in order
 * @param cells one cell per class count
 */
public record ClassCountResult(ProtocolSettings settings, RunProvenance provenance, String testSet,
    List<Integer> classCounts, List<CellResult> cells) implements ExperimentResult, Reportable {
  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException if counts and cells differ in number
   */
  public ClassCountResult {
    Checks.notNull("settings", settings);
    Checks.notNull("provenance", provenance);
    Checks.notBlank("testSet", testSet);
    classCounts = List.copyOf(Checks.notEmpty("classCounts", classCounts));
    cells = List.copyOf(Checks.notNull("cells", cells));
    if (cells.size() != classCounts.size()) {
      throw new BadArgumentException("cells", cells.size(), classCounts.size() + " (one per count)");
    }
  }

  /**
   * What this protocol adds to its report (tables, figures, the paper's figures per cell).
   *
   * @return the content
   */
  @Override
  public ReportContent reportContent() {
    return ClassCountReport.of(this);
  }

  @Override
  public String protocol() {
    return ClassCount.NAME;
  }

  /**
   * The cell of one class count.
   *
   * @param classes the number of training classes
   * @return its cell
   * @throws BadArgumentException for a count that was not run
   */
  public CellResult cell(int classes) {
    int i = classCounts.indexOf(classes);
    if (i < 0) {
      throw new BadArgumentException("classes", classes, "one of " + classCounts);
    }
    return cells.get(i);
  }
}
