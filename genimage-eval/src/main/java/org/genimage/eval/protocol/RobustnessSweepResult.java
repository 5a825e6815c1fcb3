package org.genimage.eval.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.RunProvenance;
import org.genimage.eval.metrics.MetricId;
import org.genimage.eval.report.CurveFigures;
import org.genimage.eval.report.ReportContent;
import org.genimage.eval.report.Reportable;

/**
 * A robustness-sweep result: one cell per detector, sweep and level, and the curves read off them.
 *
 * @param settings the settings the run used (which class was degraded, the seed)
 * @param provenance where the result came from
 * @param testSet the test set's name
 * @param detectors the detectors' names as given to the builder, in order
 * @param sweeps the sweeps and their levels, in order
 * @param cells every cell, detector by detector, then sweep by sweep, then level by level
 */
public record RobustnessSweepResult(ProtocolSettings settings, RunProvenance provenance,
    String testSet, List<String> detectors, List<Sweep> sweeps, List<CellResult> cells)
    implements ExperimentResult, Reportable {

  /**
   * One sweep: a degradation's name, what its levels measure and their labels, mildest first.
   *
   * @param name the sweep's name ({@code "jpeg"})
   * @param levelAxis what the levels measure ({@code "JPEG quality"})
   * @param levels the level labels ({@code "100", "70", "50", "30"})
   */
  public record Sweep(String name, String levelAxis, List<String> levels) {
    /**
     * Validates and copies the components.
     *
     * @throws BadArgumentException for a blank name or no levels
     */
    public Sweep {
      Checks.notBlank("name", name);
      Checks.notBlank("levelAxis", levelAxis);
      levels = List.copyOf(Checks.notEmpty("levels", levels));
    }
  }

  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException for a null component or a cell count other than detectors times
   *     levels
   */
  public RobustnessSweepResult {
    Checks.notNull("settings", settings);
    Checks.notNull("provenance", provenance);
    Checks.notBlank("testSet", testSet);
    detectors = List.copyOf(Checks.notEmpty("detectors", detectors));
    sweeps = List.copyOf(Checks.notEmpty("sweeps", sweeps));
    cells = List.copyOf(Checks.notNull("cells", cells));
    int expected = detectors.size() * sweeps.stream().mapToInt(s -> s.levels().size()).sum();
    if (cells.size() != expected) {
      throw new BadArgumentException("cells", cells.size(), expected
          + " (one per detector, sweep and level)");
    }
  }

  @Override
  public String protocol() {
    return RobustnessSweep.NAME;
  }

  /**
   * What this protocol adds to its report: per sweep a table per metric (detectors by levels), the
   * robustness curves, ROC curves at the mildest and harshest level, and a precision-recall and a
   * reliability diagram at the first sweep's mildest level.
   *
   * @return the content
   */
  @Override
  public ReportContent reportContent() {
    return RobustnessSweepReport.of(this);
  }

  /**
   * One sweep by name.
   *
   * @param name the sweep's name
   * @return the sweep
   * @throws BadArgumentException for an unknown name
   */
  public Sweep sweep(String name) {
    return sweeps.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new BadArgumentException("sweep", name, "one of "
            + sweeps.stream().map(Sweep::name).toList()));
  }

  /**
   * One cell.
   *
   * @param detector the detector's name as given to the builder
   * @param sweep the sweep's name
   * @param level the level's label
   * @return the cell
   * @throws BadArgumentException for an unknown detector, sweep or level
   */
  public CellResult cell(String detector, String sweep, String level) {
    Sweep s = sweep(sweep);
    int l = s.levels().indexOf(level);
    if (l < 0) {
      throw new BadArgumentException("level", level, "one of " + s.levels());
    }
    return cells.get(offset(detector, s) + l);
  }

  /**
   * The cells of one detector and sweep, one per level in order.
   *
   * @param detector the detector's name
   * @param sweep the sweep's name
   * @return the cells
   * @throws BadArgumentException for an unknown detector or sweep
   */
  public List<CellResult> cells(String detector, String sweep) {
    Sweep s = sweep(sweep);
    int from = offset(detector, s);
    return cells.subList(from, from + s.levels().size());
  }

  /**
   * A robustness curve: a metric at every level of a sweep for one detector.
   *
   * @param detector the detector's name
   * @param sweep the sweep's name
   * @param metric the metric
   * @return one value per level, in order (NaN where undefined)
   * @throws BadArgumentException for an unknown detector or sweep
   */
  public double[] curve(String detector, String sweep, MetricId metric) {
    Checks.notNull("metric", metric);
    return cells(detector, sweep).stream().mapToDouble(c -> c.evaluation().get(metric)).toArray();
  }

  /**
   * Every detector's curve of a metric along a sweep, ready for {@link CurveFigures#robustness}.
   *
   * @param sweep the sweep's name
   * @param metric the metric
   * @return the lines, one per detector
   * @throws BadArgumentException for an unknown sweep
   */
  public CurveFigures.Lines lines(String sweep, MetricId metric) {
    Sweep s = sweep(sweep);
    Map<String, double[]> series = new LinkedHashMap<>();
    detectors.forEach(d -> series.put(d, curve(d, sweep, metric)));
    return new CurveFigures.Lines(metric.shortName() + " under " + s.name() + " (" + testSet + ")",
        s.levelAxis(), metric.shortName(), s.levels(), series);
  }

  private int offset(String detector, Sweep s) {
    int d = detectors.indexOf(detector);
    if (d < 0) {
      throw new BadArgumentException("detector", detector, "one of " + detectors);
    }
    int perDetector = sweeps.stream().mapToInt(x -> x.levels().size()).sum();
    int before = 0;
    for (Sweep x : sweeps) {
      if (x.equals(s)) {
        break;
      }
      before += x.levels().size();
    }
    return d * perDetector + before;
  }
}
