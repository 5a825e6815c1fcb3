package org.genimage.detectors.clip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.Head;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The image tower alone as an {@link Architecture} whose "logits" are the embedding {@code [n, outputDim]}, so
 * that {@link org.genimage.detectors.NetworkDetector} runs it on the engine it picks (the oneDNN plan on a CPU)
 * to compute features. Not a detector and not registered: its {@link #head()} is nominal and its outputs are
 * read with {@code logits}, never {@code score}.
 */
final class ClipTower implements Architecture {
  private final UnivFdConfig config;
  private final List<ParamSpec> params;

  ClipTower(UnivFdConfig config) {
    this.config = config;
    List<ParamSpec> p = new ArrayList<>();
    config.tower().expectedShapes().forEach((n, s) -> p.add(new ParamSpec(n, s, false)));
    this.params = List.copyOf(p);
  }

  @Override
  public String family() {
    return "clip-tower";
  }

  @Override
  public UnivFdConfig config() {
    return config;
  }

  @Override
  public String displayName() {
    return "clip-" + config.tower().displayName();
  }

  @Override
  public PreprocessingPipeline preprocessing() {
    return config.preprocessing();
  }

  @Override
  public Head head() {
    return Head.SINGLE_LOGIT;
  }

  @Override
  public List<ParamSpec> parameters() {
    return params;
  }

  @Override
  public Map<String, NamedTensor> initialise(long seed) {
    return ClipVision.random(config.tower(), seed);
  }

  @Override
  public SDVariable forward(GraphBuilder g, SDVariable input) {
    return ClipVision.embedding(config.tower(), g, g::buffer, input);
  }
}
