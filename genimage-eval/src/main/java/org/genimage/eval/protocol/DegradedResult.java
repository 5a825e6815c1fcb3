package org.genimage.eval.protocol;

import java.util.List;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.RunProvenance;
import org.genimage.eval.metrics.MetricId;
import org.genimage.eval.report.ReportContent;
import org.genimage.eval.report.Reportable;

/**
 * A degraded-image result: the clean baseline and one cell per degradation.
 *
 * @param settings the settings the run used (which class was degraded, the seed)
 * @param provenance where the result came from
 * @param testSet the test set's name
 * @param clean the undegraded baseline
 * @param degraded one cell per degradation, in the order given
 */
public record DegradedResult(ProtocolSettings settings, RunProvenance provenance, String testSet,
    CellResult clean, List<CellResult> degraded) implements ExperimentResult, Reportable {
  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for a null component
   */
  public DegradedResult {
    Checks.notNull("settings", settings);
    Checks.notNull("provenance", provenance);
    Checks.notBlank("testSet", testSet);
    Checks.notNull("clean", clean);
    degraded = List.copyOf(Checks.notEmpty("degraded", degraded));
  }

  /**
   * What this protocol adds to its report (tables, figures, the paper's figures per cell).
   *
   * @return the content
   */
  @Override
  public ReportContent reportContent() {
    return DegradedReport.of(this);
  }

  @Override
  public String protocol() {
    return Degraded.NAME;
  }

  @Override
  public List<CellResult> cells() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(clean), degraded.stream())
        .toList();
  }

  /**
   * One degradation's cell.
   *
   * @param name the degradation's name
   * @return its cell
   * @throws BadArgumentException for an unknown name
   */
  public CellResult degradation(String name) {
    return degraded.stream().filter(c -> c.condition().equals(name)).findFirst()
        .orElseThrow(() -> new BadArgumentException("name", name, "one of "
            + degraded.stream().map(CellResult::condition).toList()));
  }

  /**
   * The mean of a metric over the degradations (the paper's "avg" column; clean excluded).
   *
   * @param metric the metric
   * @return the mean
   */
  public double average(MetricId metric) {
    return degraded.stream().mapToDouble(c -> c.evaluation().get(metric)).average().orElseThrow();
  }
}
