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
 * A cross-content result: one cell per target dataset.
 *
 * @param settings the settings the run used
 * @param provenance where the result came from
 * @param trainedOn what the detector was trained on
 * @param cells one cell per target, in the order given
 */
public record CrossContentResult(ProtocolSettings settings, RunProvenance provenance,
    String trainedOn, List<CellResult> cells) implements ExperimentResult, Reportable {
  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for a null component
   */
  public CrossContentResult {
    Checks.notNull("settings", settings);
    Checks.notNull("provenance", provenance);
    Checks.notBlank("trainedOn", trainedOn);
    cells = List.copyOf(Checks.notEmpty("cells", cells));
  }

  /**
   * What this protocol adds to its report (tables, figures, the paper's figures per cell).
   *
   * @return the content
   */
  @Override
  public ReportContent reportContent() {
    return CrossContentReport.of(this);
  }

  @Override
  public String protocol() {
    return CrossContent.NAME;
  }

  /**
   * The cell of one target.
   *
   * @param name the target's name
   * @return its cell
   * @throws BadArgumentException for an unknown name
   */
  public CellResult target(String name) {
    return cells.stream().filter(c -> c.testSet().equals(name)).findFirst()
        .orElseThrow(() -> new BadArgumentException("name", name, "one of "
            + cells.stream().map(CellResult::testSet).toList()));
  }
}
