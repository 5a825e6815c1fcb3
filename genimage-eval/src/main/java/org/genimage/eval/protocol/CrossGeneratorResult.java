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
 * A cross-generator result: a matrix of cells, rows the training subsets, columns the test subsets,
 * with row and column averages of any metric.
 *
 * @param settings the settings the run used
 * @param provenance where the result came from
 * @param trainedOn the row names
 * @param testedOn the column names
 * @param cells the cells row by row ({@code trainedOn.size() * testedOn.size()})
 */
public record CrossGeneratorResult(ProtocolSettings settings, RunProvenance provenance,
    List<String> trainedOn, List<String> testedOn, List<CellResult> cells)
    implements ExperimentResult, Reportable {
  /**
   * Validates and copies the components.
   *
   * @throws BadArgumentException if the cell count is not rows times columns
   */
  public CrossGeneratorResult {
    Checks.notNull("settings", settings);
    Checks.notNull("provenance", provenance);
    trainedOn = List.copyOf(Checks.notEmpty("trainedOn", trainedOn));
    testedOn = List.copyOf(Checks.notEmpty("testedOn", testedOn));
    cells = List.copyOf(Checks.notNull("cells", cells));
    if (cells.size() != trainedOn.size() * testedOn.size()) {
      throw new BadArgumentException("cells", cells.size(), trainedOn.size() + " x "
          + testedOn.size());
    }
  }

  /**
   * What this protocol adds to its report (tables, figures, the paper's figures per cell).
   *
   * @return the content
   */
  @Override
  public ReportContent reportContent() {
    return CrossGeneratorReport.of(this);
  }

  @Override
  public String protocol() {
    return CrossGenerator.NAME;
  }

  /**
   * One cell.
   *
   * @param train the training subset (row)
   * @param test the test subset (column)
   * @return the cell
   * @throws BadArgumentException for an unknown name
   */
  public CellResult cell(String train, String test) {
    return cells.get(row(train) * testedOn.size() + column(test));
  }

  /**
   * The matrix of one metric.
   *
   * @param metric the metric
   * @return {@code [row][column]} values, a fresh array
   */
  public double[][] matrix(MetricId metric) {
    double[][] m = new double[trainedOn.size()][testedOn.size()];
    for (int r = 0; r < m.length; r++) {
      for (int c = 0; c < m[r].length; c++) {
        m[r][c] = cells.get(r * testedOn.size() + c).evaluation().get(metric);
      }
    }
    return m;
  }

  /**
   * A row's mean over its test subsets (the paper's "avg" column for one training subset).
   *
   * @param train the training subset
   * @param metric the metric
   * @return the mean
   */
  public double rowAverage(String train, MetricId metric) {
    return mean(matrix(metric)[row(train)]);
  }

  /**
   * A column's mean over the training subsets (the paper's 8x8 table cell for one test subset).
   *
   * @param test the test subset
   * @param metric the metric
   * @return the mean
   */
  public double columnAverage(String test, MetricId metric) {
    double[][] m = matrix(metric);
    int c = column(test);
    double[] col = new double[m.length];
    for (int r = 0; r < m.length; r++) {
      col[r] = m[r][c];
    }
    return mean(col);
  }

  /**
   * The mean over every cell.
   *
   * @param metric the metric
   * @return the mean
   */
  public double average(MetricId metric) {
    return cells.stream().mapToDouble(c -> c.evaluation().get(metric)).average().orElse(Double.NaN);
  }

  /**
   * Whether every subset was trained on (the full N x N matrix).
   *
   * @return true for the full matrix
   */
  public boolean isFullMatrix() {
    return trainedOn.size() > 1 && testedOn.containsAll(trainedOn);
  }

  private int row(String train) {
    int r = trainedOn.indexOf(train);
    if (r < 0) {
      throw new BadArgumentException("train", train, "one of " + trainedOn);
    }
    return r;
  }

  private int column(String test) {
    int c = testedOn.indexOf(test);
    if (c < 0) {
      throw new BadArgumentException("test", test, "one of " + testedOn);
    }
    return c;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}
