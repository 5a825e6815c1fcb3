package org.genimage.eval.protocol;

import java.util.OptionalDouble;
import org.genimage.eval.CellResult;
import org.genimage.eval.report.Figures;
import org.genimage.eval.report.PublishedResults;
import org.genimage.eval.report.ReportContent;

/**
 * The report content of a {@link CrossContentResult}: the paper's figure for targets named like
 * its (LFW faces, Laion-Art), bars per target.
 */
final class CrossContentReport {
  private CrossContentReport() {}

  static ReportContent of(CrossContentResult r) {
    return ReportContent.builder(r)
        .title("Cross-content evaluation of " + r.cells().get(0).detector())
        .paperAccuracy(CrossContentReport::paperAccuracy)
        .figure(Figures.accuracyBars("Cross-content: accuracy and AUC per target",
            "Cross-content (trained on " + r.trainedOn() + ")", "target", r.cells().stream()
                .map(c -> new Figures.Bar(c.testSet(), c, paperAccuracy(c))).toList(), false))
        .build();
  }

  static OptionalDouble paperAccuracy(CellResult c) {
    return PublishedResults.get().crossContent(c.testSet());
  }
}
