package org.genimage.detectors.resnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.Head;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * torchvision's bottleneck ResNet: 7x7/2 stem conv, batch norm, ReLU, 3x3/2 max pool, four stages of
 * bottleneck blocks (1x1, 3x3 with the stage's stride, 1x1; projection shortcut on each stage's first block),
 * global average pooling and a linear head. Batch-norm epsilon 1e-5. Parameter names are torchvision's
 * {@code state_dict} names, so PyTorch weights import without renaming. Immutable and thread-safe.
 *
 * <p>The graph names the outputs {@code stem} (after max pooling), {@code layer1}..{@code layer4} and
 * {@code pooled} for parity checks.
 */
public final class ResNet implements Architecture {
  /** Registry family name. */
  public static final String FAMILY = "resnet";
  static final double BN_EPS = BottleneckStages.BN_EPS;

  private final ResNetConfig config;
  private final List<ParamSpec> params;

  /**
   * A ResNet of the given configuration.
   *
   * @param config the configuration
   */
  public ResNet(ResNetConfig config) {
    this.config = Checks.notNull("config", config);
    this.params = List.copyOf(specs());
  }

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public ResNetConfig config() {
    return config;
  }

  @Override
  public String displayName() {
    return config.name();
  }

  @Override
  public PreprocessingPipeline preprocessing() {
    return config.preprocessing();
  }

  @Override
  public Head head() {
    return config.head();
  }

  @Override
  public boolean supportsChannelsLast() {
    return true;
  }

  @Override
  public List<ParamSpec> parameters() {
    return params;
  }

  private List<ParamSpec> specs() {
    List<ParamSpec> out = new ArrayList<>();
    int in = BottleneckStages.declare(out, config.width(), 7, config.blocks());
    out.add(new ParamSpec("fc.weight", new long[] {config.head().outputs(), in}, true));
    out.add(new ParamSpec("fc.bias", new long[] {config.head().outputs()}, true));
    return out;
  }

  /**
   * torchvision's initialisation: conv weights Kaiming-normal (fan-out, ReLU gain), batch-norm weight 1 and
   * bias 0, running statistics 0 and 1, linear weight and bias uniform in +-1/sqrt(fan-in).
   */
  @Override
  public Map<String, NamedTensor> initialise(long seed) {
    return BottleneckStages.initialise(params, "fc", seed);
  }

  @Override
  public SDVariable forward(GraphBuilder g, SDVariable input) {
    SDVariable x = g.relu(g.convBn("conv1.weight", "bn1", input, 2, 3, BN_EPS));
    x = g.sd().identity("stem", g.maxPool(x, 3, 2, 1));
    x = BottleneckStages.forward(g, x, config.blocks());
    SDVariable pooled = g.sd().identity("pooled", g.globalAvgPool(x));
    return g.linear("fc", pooled);
  }
}
