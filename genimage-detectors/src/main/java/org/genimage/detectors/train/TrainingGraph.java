package org.genimage.detectors.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.TrainingGraphBuilder;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An architecture's training graph as both engines run it: placeholders {@value #INPUT} ({@code [n, c, h, w]}) and
 * {@value #LABEL} ({@code [n, outputs]}), the random masks, the head's loss {@value #LOSS}, and the builder that
 * knows the parameters, layouts, statistics and regions.
 */
final class TrainingGraph {
  static final String INPUT = "input";
  static final String LABEL = "label";
  static final String LOSS = "loss";

  final SameDiff sd = SameDiff.create();
  final TrainingGraphBuilder builder;
  final List<String> params;
  final SDVariable loss;

  TrainingGraph(Architecture architecture, Map<String, NamedTensor> weights) {
    this.builder = new TrainingGraphBuilder(sd, weights);
    PreprocessingPipeline pre = architecture.preprocessing();
    SDVariable in = sd.placeHolder(INPUT, DataType.FLOAT, -1, pre.channels(), pre.height(), pre.width());
    SDVariable label = sd.placeHolder(LABEL, DataType.FLOAT, -1, architecture.head().outputs());
    this.loss = builder.loss(architecture.head(), architecture.forward(builder, in), label, LOSS);
    sd.setLossVariables(loss);
    this.params = new ArrayList<>(builder.variables().keySet());
  }

  /** The placeholders fed every step: input, label, then the masks. */
  List<String> inputs() {
    List<String> in = new ArrayList<>(List.of(INPUT, LABEL));
    builder.randomMasks().forEach(m -> in.add(m.placeholder()));
    return in;
  }

  /** Running-statistics buffer to the graph variable with the batch's value. */
  Map<String, String> statistics() {
    return builder.bufferStatistics();
  }
}
