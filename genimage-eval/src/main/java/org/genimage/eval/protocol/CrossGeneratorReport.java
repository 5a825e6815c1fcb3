package org.genimage.eval.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.genimage.api.Generator;
import org.genimage.eval.CellResult;
import org.genimage.eval.metrics.MetricId;
import org.genimage.eval.report.Figures;
import org.genimage.eval.report.PublishedResults;
import org.genimage.eval.report.ReportCell;
import org.genimage.eval.report.ReportContent;
import org.genimage.eval.report.ReportSection;
import org.genimage.eval.report.ReportTable;

/**
 * The report content of a {@link CrossGeneratorResult}: the accuracy matrix with its averages and,
 * for a paper detector trained on SD V1.4, the paper's rows beside ours; heatmaps of accuracy and AUC.
 */
final class CrossGeneratorReport {
  private CrossGeneratorReport() {}

  static ReportContent of(CrossGeneratorResult r) {
    String detector = r.cells().get(0).detector();
    ReportContent.Builder b = ReportContent.builder(r)
        .title("Cross-generator evaluation of " + detector)
        .section(ReportSection.of("Accuracy (%), rows trained on, columns tested on", matrix(r)))
        .paperAccuracy(CrossGeneratorReport::paperAccuracy)
        .figure(heatmap(r, MetricId.ACCURACY))
        .figure(heatmap(r, MetricId.ROC_AUC));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trainedOn", r.trainedOn());
    m.put("testedOn", r.testedOn());
    m.put("accuracy", r.matrix(MetricId.ACCURACY));
    m.put("rocAuc", r.matrix(MetricId.ROC_AUC));
    Map<String, Double> rows = new LinkedHashMap<>();
    r.trainedOn().forEach(t -> rows.put(t, r.rowAverage(t, MetricId.ACCURACY)));
    m.put("rowAverageAccuracy", rows);
    Map<String, Double> cols = new LinkedHashMap<>();
    r.testedOn().forEach(t -> cols.put(t, r.columnAverage(t, MetricId.ACCURACY)));
    m.put("columnAverageAccuracy", cols);
    return b.data("matrix", m).build();
  }

  /** The paper's accuracy of a cell trained on SD V1.4 and tested on a GenImage subset. */
  static OptionalDouble paperAccuracy(CellResult c) {
    Optional<Generator> test = PublishedResults.generatorOf(c.testSet());
    return isSd14(c.trainedOn()) && test.isPresent()
        ? PublishedResults.get().crossGeneratorSd14(c.detector(), test.get())
        : OptionalDouble.empty();
  }

  static boolean isSd14(String name) {
    return PublishedResults.generatorOf(name).filter(Generator.SD_V1_4::equals).isPresent();
  }

  private static ReportTable matrix(CrossGeneratorResult r) {
    PublishedResults pub = PublishedResults.get();
    String detector = r.cells().get(0).detector();
    Optional<String> paperName = pub.paperDetector(detector);
    List<String> header = new ArrayList<>();
    header.add("trained on");
    header.addAll(r.testedOn());
    header.add("avg");
    List<List<ReportCell>> rows = new ArrayList<>();
    for (String train : r.trainedOn()) {
      List<ReportCell> row = new ArrayList<>();
      row.add(ReportCell.text(train));
      r.testedOn().forEach(t -> row.add(ReportCell.percent(r.cell(train, t).accuracy())));
      row.add(ReportCell.percent(r.rowAverage(train, MetricId.ACCURACY)));
      rows.add(row);
      if (isSd14(train) && paperName.isPresent()) {
        List<ReportCell> paper = new ArrayList<>();
        paper.add(ReportCell.emphasis("paper, " + paperName.get()));
        r.testedOn().forEach(t -> paper.add(ReportCell.paper(PublishedResults.generatorOf(t)
            .map(g -> pub.crossGeneratorSd14(detector, g)).orElse(OptionalDouble.empty()))));
        // The paper's average is over its eight subsets: shown only when we test on all eight.
        paper.add(ReportCell.paper(allEight(r.testedOn())
            ? pub.crossGeneratorSd14Average(detector) : OptionalDouble.empty()));
        rows.add(paper);
      }
    }
    if (r.trainedOn().size() > 1) {
      List<ReportCell> avg = new ArrayList<>();
      avg.add(ReportCell.strong("column avg"));
      r.testedOn().forEach(t -> avg.add(ReportCell.percent(r.columnAverage(t, MetricId.ACCURACY))));
      avg.add(ReportCell.percent(r.average(MetricId.ACCURACY)));
      rows.add(avg);
      if (r.isFullMatrix() && allEight(r.trainedOn()) && paperName.isPresent()) {
        List<ReportCell> paper = new ArrayList<>();
        paper.add(ReportCell.emphasis("paper 8x8 column mean, " + paperName.get()));
        r.testedOn().forEach(t -> paper.add(ReportCell.paper(PublishedResults.generatorOf(t)
            .map(g -> pub.crossGeneratorColumnMean(detector, g)).orElse(OptionalDouble.empty()))));
        paper.add(ReportCell.paper(pub.crossGeneratorMatrixAverage(detector)));
        rows.add(paper);
      }
    }
    return new ReportTable(header, rows);
  }

  /** Whether names cover the eight GenImage subsets, so the paper's averages are comparable. */
  private static boolean allEight(List<String> names) {
    return names.stream().map(PublishedResults::generatorOf).flatMap(Optional::stream)
        .collect(Collectors.toSet()).containsAll(Generator.genImage());
  }

  private static org.genimage.eval.report.ReportFigure heatmap(CrossGeneratorResult r,
      MetricId metric) {
    return Figures.heatmap(
        "Cross-generator " + metric.shortName() + " (%), rows trained on, columns tested on",
        new Figures.Heatmap("Cross-generator " + metric.shortName() + " (%)", metric.shortName(),
            "tested on", r.testedOn(), "trained on", r.trainedOn(), r.matrix(metric)));
  }
}
