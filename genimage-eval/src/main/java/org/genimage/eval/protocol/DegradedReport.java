package org.genimage.eval.protocol;

import java.util.OptionalDouble;
import org.genimage.api.Generator;
import org.genimage.eval.CellResult;
import org.genimage.eval.metrics.MetricId;
import org.genimage.eval.report.Figures;
import org.genimage.eval.report.PublishedResults;
import org.genimage.eval.report.ReportCell;
import org.genimage.eval.report.ReportContent;
import org.genimage.eval.report.ReportSection;

/**
 * The report content of a {@link DegradedResult}: the test set and degraded class, the mean over the
 * degradations, the paper's degraded table where the run matches it, bars per condition.
 */
final class DegradedReport {
  private DegradedReport() {}

  static ReportContent of(DegradedResult d) {
    String detector = d.clean().detector();
    StringBuilder mean = new StringBuilder("Mean over the degradations: accuracy ")
        .append(ReportCell.percent(d.average(MetricId.ACCURACY)).format()).append(", AUC ")
        .append(ReportCell.percent(d.average(MetricId.ROC_AUC)).format());
    OptionalDouble paperAvg = PublishedResults.get().degradedAverage(detector);
    if (paperAvg.isPresent() && paperAccuracy(d.degraded().get(0)).isPresent()) {
      mean.append(" (paper: ").append(ReportCell.paper(paperAvg).format()).append(")");
    }
    mean.append('.');
    return ReportContent.builder(d)
        .title("Degraded-image evaluation of " + detector)
        .section(ReportSection.text("Accuracy per condition", "Test set `" + d.testSet()
            + "`, degradation applied to: " + d.settings().degradationTarget() + "."))
        .summary(mean.toString())
        .paperAccuracy(DegradedReport::paperAccuracy)
        .figure(Figures.accuracyBars("Degraded images: accuracy and AUC per condition",
            "Degraded images (" + d.testSet() + ")", "condition", d.cells().stream()
                .map(c -> new Figures.Bar(c.condition(), c, paperAccuracy(c))).toList(), true))
        .build();
  }

  /**
   * The paper's accuracy of a cell trained and tested on SD V1.4: the clean cross-generator figure,
   * or the degraded table's column the condition's name or description matches.
   */
  static OptionalDouble paperAccuracy(CellResult c) {
    if (!CrossGeneratorReport.isSd14(c.trainedOn()) || !CrossGeneratorReport.isSd14(c.testSet())) {
      return OptionalDouble.empty();
    }
    PublishedResults p = PublishedResults.get();
    if (c.condition().equals("clean")) {
      return p.crossGeneratorSd14(c.detector(), Generator.SD_V1_4);
    }
    return p.degradationKey(c.condition(), c.conditionDescription())
        .map(k -> p.degraded(c.detector(), k)).orElse(OptionalDouble.empty());
  }
}
