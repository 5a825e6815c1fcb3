package org.genimage.eval.protocol;

import java.util.ArrayList;
import java.util.List;
import org.genimage.eval.report.Figures;
import org.genimage.eval.report.ReportContent;

/** The report content of a {@link ClassCountResult}: bars per number of training classes. */
final class ClassCountReport {
  private ClassCountReport() {}

  static ReportContent of(ClassCountResult r) {
    List<Figures.Bar> bars = new ArrayList<>();
    for (int i = 0; i < r.classCounts().size(); i++) {
      bars.add(new Figures.Bar(r.classCounts().get(i) + " classes", r.cells().get(i),
          java.util.OptionalDouble.empty()));
    }
    return ReportContent.builder(r)
        .title("Class-count generalisation of " + r.cells().get(0).detector())
        // Class-count runs train on ImageNet classes of one generator: the release's format and
        // size biases between subsets are not what they measure.
        .fakeOrJpegNote(false)
        .figure(Figures.accuracyBars(
            "Class-count generalisation: accuracy and AUC per training classes",
            "Class-count generalisation (test: " + r.testSet() + ")", "training classes", bars,
            false))
        .build();
  }
}
