package org.genimage.detectors.testfamily;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.Head;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A family that exists only in the tests, registered through the test classpath's services file alone: the
 * per-channel mean of the normalised image, then a linear layer to two classes.
 */
public final class PixelMean implements Architecture {
  /** The family name. */
  public static final String FAMILY = "pixelmean";
  private final PixelMeanConfig config;

  /**
   * An architecture.
   *
   * @param config the config
   */
  public PixelMean(PixelMeanConfig config) {
    this.config = config;
  }

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public PixelMeanConfig config() {
    return config;
  }

  @Override
  public String displayName() {
    return "pixelmean-" + config.side();
  }

  @Override
  public PreprocessingPipeline preprocessing() {
    return PreprocessingPipeline.imagenet(0, config.side());
  }

  @Override
  public Head head() {
    return Head.TWO_CLASS;
  }

  @Override
  public List<ParamSpec> parameters() {
    return List.of(new ParamSpec("fc.weight", new long[] {2, 3}, true),
        new ParamSpec("fc.bias", new long[] {2}, true));
  }

  @Override
  public Map<String, NamedTensor> initialise(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, NamedTensor> m = new LinkedHashMap<>();
    for (ParamSpec p : parameters()) {
      float[] d = new float[(int) NamedTensor.elementCount(p.shape())];
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) (r.nextDouble() - 0.5) * 0.1f;
      }
      m.put(p.name(), NamedTensor.f32(p.name(), p.shape(), d));
    }
    return m;
  }

  @Override
  public SDVariable forward(GraphBuilder g, SDVariable input) {
    return g.linear("fc", g.globalAvgPool(input));
  }
}
