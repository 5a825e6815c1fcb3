package org.genimage.detectors.npr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.Head;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.resnet.BottleneckStages;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * NPR (Tan et al., "Rethinking the Up-Sampling Operations in CNN-based Generative Network for Generalizable
 * Deepfake Detection", CVPR 2024), as its reference implementation ({@code networks/resnet.py} of
 * chuangchuangtan/NPR-DeepfakeDetection) computes it from the normalised input {@code x}:
 * <ol>
 *   <li>the neighbouring pixel relationships {@code NPR = x - up(down(x))}, where {@code down} is nearest
 *       down-sampling by 2 ({@code F.interpolate(scale_factor=0.5, mode='nearest', recompute_scale_factor=True)}
 *       keeps the pixels at even rows and columns) and {@code up} nearest up-sampling by 2, so that each pixel
 *       loses the value of the top-left pixel of its 2x2 cell;</li>
 *   <li>{@code conv1(NPR * 2 / 3)}: a 3x3 stride-2 convolution (padding 1, no bias), batch norm, ReLU and a 3x3
 *       stride-2 max pool (padding 1);</li>
 *   <li>{@code layer1} and {@code layer2} of torchvision's ResNet-50 (bottleneck blocks with the stride on the
 *       3x3 convolution and a projection on each stage's first block; layers 3 and 4 are not built);</li>
 *   <li>global average pooling and {@code fc1 = Linear(512, 1)}: one logit, P(FAKE) = sigmoid (the reference
 *       trains with {@code BCEWithLogitsLoss}).</li>
 * </ol>
 * Batch-norm epsilon 1e-5. Tensor names are the reference's {@code state_dict} names ({@code conv1}, {@code bn1},
 * {@code layerK.J.*}, {@code fc1}), so its checkpoints import without renaming; the unused
 * {@code fc = Linear(2048, 1)} that the reference's trainer attaches to the model is skipped on import. Registered
 * as family {@value #FAMILY}. Immutable and thread-safe.
 *
 * <p>The down- and up-sampling are written with ops every engine runs (a strided slice for the down-sampling;
 * concatenating a tensor with itself and reshaping for each axis of the up-sampling), so the forward pass runs
 * on the oneDNN inference plan and trains on the oneDNN training plan. The graph names the residual {@code npr},
 * the stem output {@code stem}, the stages {@code layer1} and {@code layer2} and the pooled feature
 * {@code pooled}.
 */
public final class Npr implements Architecture {
  /** Registry family name. */
  public static final String FAMILY = "npr";
  static final double BN_EPS = BottleneckStages.BN_EPS;

  private final NprConfig config;
  private final List<ParamSpec> params;

  /**
   * An NPR network.
   *
   * @param config the configuration
   */
  public Npr(NprConfig config) {
    this.config = Checks.notNull("config", config);
    this.params = List.copyOf(specs());
  }

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public NprConfig config() {
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
    return Head.SINGLE_LOGIT;
  }

  @Override
  public List<ParamSpec> parameters() {
    return params;
  }

  /** Also the reference trainer's unused {@code fc = Linear(2048, 1)} (see the class comment). */
  @Override
  public Predicate<String> importIgnore() {
    return n -> n.endsWith("num_batches_tracked") || n.equals("fc.weight") || n.equals("fc.bias");
  }

  private List<ParamSpec> specs() {
    List<ParamSpec> out = new ArrayList<>();
    int in = BottleneckStages.declare(out, config.width(), 3, config.blocks());
    out.add(new ParamSpec("fc1.weight", new long[] {1, in}, true));
    out.add(new ParamSpec("fc1.bias", new long[] {1}, true));
    return out;
  }

  /**
   * The reference's initialisation: conv weights Kaiming-normal (fan-out, ReLU gain), batch-norm weight 1 and bias
   * 0, running statistics 0 and 1, {@code fc1} PyTorch's default (weight and bias uniform in +-1/sqrt(fan-in)).
   */
  @Override
  public Map<String, NamedTensor> initialise(long seed) {
    return BottleneckStages.initialise(params, "fc1", seed);
  }

  @Override
  public SDVariable forward(GraphBuilder g, SDVariable input) {
    int side = config.preprocessing().height();
    SDVariable npr = g.sd().identity("npr", residual(g.sd(), input, 3, side, side));
    // The reference scales the residual as NPR * 2.0 / 3.0 (two float operations, kept in that order).
    SDVariable x = g.relu(g.convBn("conv1.weight", "bn1", npr.mul(2.0).div(3.0), 2, 1, BN_EPS));
    x = g.sd().identity("stem", g.maxPool(x, 3, 2, 1));
    x = BottleneckStages.forward(g, x, config.blocks());
    SDVariable pooled = g.sd().identity("pooled", g.globalAvgPool(x));
    return g.linear("fc1", pooled);
  }

  /**
   * {@code x - up(down(x))} for NCHW {@code x} of even height and width: each pixel minus the top-left pixel of its
   * 2x2 cell, as the reference's two nearest interpolations give. The down-sampling is a strided slice; each axis
   * of the up-sampling concatenates a tensor with itself along the last axis and reshapes, which repeats every
   * element twice along that axis in row-major order (no 5-d tensors, no resize op).
   *
   * @param sd       the graph
   * @param x        input {@code [n, channels, height, width]}
   * @param channels channels
   * @param height   height (even)
   * @param width    width (even)
   * @return the residual, the shape of {@code x}
   */
  static SDVariable residual(SameDiff sd, SDVariable x, long channels, long height, long width) {
    long h2 = height / 2;
    long w2 = width / 2;
    // Begin and end masks cover the batch and channel axes: x[:, :, 0:height:2, 0:width:2].
    SDVariable down = sd.stridedSlice(x, new long[] {0, 0, 0, 0}, new long[] {0, 0, height, width},
        new long[] {1, 1, 2, 2}, 0b0011, 0b0011, 0, 0, 0);
    SDVariable cols = down.reshape(-1, channels, h2 * w2, 1);
    cols = sd.concat(3, cols, cols).reshape(-1, channels, h2, width);
    SDVariable up = sd.concat(3, cols, cols).reshape(-1, channels, height, width);
    return x.sub(up);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Npr n && n.config.equals(config);
  }

  @Override
  public int hashCode() {
    return config.hashCode();
  }

  @Override
  public String toString() {
    return "Npr[" + config + "]";
  }
}
