package org.genimage.detectors;

import java.util.List;
import java.util.Map;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * An architecture after a cosine of its input: an op neither oneDNN plan (inference or training) lowers, for the
 * tests of falling back to SameDiff.
 */
public final class CosineNet implements Architecture {
  private final Architecture base;

  /**
   * Wraps an architecture.
   *
   * @param base the architecture that follows the cosine
   */
  public CosineNet(Architecture base) {
    this.base = base;
  }

  @Override
  public String family() {
    return base.family();
  }

  @Override
  public Record config() {
    return base.config();
  }

  @Override
  public String displayName() {
    return "cosine-net";
  }

  @Override
  public org.genimage.detectors.preprocess.PreprocessingPipeline preprocessing() {
    return base.preprocessing();
  }

  @Override
  public Head head() {
    return base.head();
  }

  @Override
  public List<ParamSpec> parameters() {
    return base.parameters();
  }

  @Override
  public Map<String, NamedTensor> initialise(long seed) {
    return base.initialise(seed);
  }

  @Override
  public SDVariable forward(GraphBuilder g, SDVariable input) {
    return base.forward(g, g.sd().math().cos(input));
  }
}
