package org.genimage.eval.report;

import java.util.Optional;
import java.util.OptionalDouble;
import org.genimage.api.Generator;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.protocol.CrossContentResult;
import org.genimage.eval.protocol.CrossGeneratorResult;
import org.genimage.eval.protocol.DegradedResult;

/** Decides when a cell matches one of the paper's published settings. */
final class Reports {
  private Reports() {}

  /**
   * The paper's accuracy (percent) for a cell, when the run matches a published setting: a
   * cross-generator or degraded cell of a paper detector trained on SD V1.4 (tested on a GenImage
   * subset, or on SD V1.4 under one of the six degradations), or a cross-content target named like
   * LFW faces or Laion-Art.
   */
  static OptionalDouble paperAccuracy(ExperimentResult result, CellResult cell) {
    PublishedResults p = PublishedResults.get();
    boolean sd14 = PublishedResults.generatorOf(cell.trainedOn()).filter(Generator.SD_V1_4::equals)
        .isPresent();
    if (result instanceof CrossGeneratorResult && sd14) {
      Optional<Generator> test = PublishedResults.generatorOf(cell.testSet());
      return test.isPresent() ? p.crossGeneratorSd14(cell.detector(), test.get())
          : OptionalDouble.empty();
    }
    if (result instanceof DegradedResult && sd14
        && PublishedResults.generatorOf(cell.testSet()).filter(Generator.SD_V1_4::equals)
            .isPresent()) {
      if (cell.condition().equals("clean")) {
        return p.crossGeneratorSd14(cell.detector(), Generator.SD_V1_4);
      }
      return p.degradationKey(cell.condition(), cell.conditionDescription())
          .map(k -> p.degraded(cell.detector(), k)).orElse(OptionalDouble.empty());
    }
    if (result instanceof CrossContentResult) {
      return p.crossContent(cell.testSet());
    }
    return OptionalDouble.empty();
  }

  /** Whether a result involves GenImage subsets, where the format and size biases apply. */
  static boolean touchesGenImage(ExperimentResult result) {
    return result.cells().stream().anyMatch(c -> PublishedResults.generatorOf(c.testSet())
        .isPresent() || PublishedResults.generatorOf(c.trainedOn()).isPresent());
  }
}
