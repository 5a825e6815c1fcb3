package org.genimage.detectors.clip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.Head;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * UnivFD as an {@link Architecture}: a CLIP image tower ({@link ClipVision}) whose tensors are buffers (frozen:
 * a trainer updates only the probe) and the probe {@code fc}, one linear layer from the embedding to one logit,
 * as UnivFD's {@code CLIPModel} ({@code self.fc(self.model.encode_image(x))}). Immutable and thread-safe.
 *
 * <p>The probe is meant to be fitted on cached embeddings ({@link ClipFeatures}, {@link LinearProbe},
 * {@link UnivFdProbe}), which costs one forward pass per image in all; the generic trainer also works (the
 * tower stays frozen) but recomputes the tower every epoch. Tensor names are OpenAI's; {@link #importRename()}
 * and {@link #importIgnore()} accept OpenAI CLIP, open_clip and UnivFD checkpoints ({@link ClipNames}).
 */
public final class UnivFd implements Architecture {
  /** Registry family name. */
  public static final String FAMILY = "univfd";
  /** The probe's weight {@code [1, outputDim]}. */
  public static final String FC_WEIGHT = "fc.weight";
  /** The probe's bias {@code [1]}. */
  public static final String FC_BIAS = "fc.bias";

  private final UnivFdConfig config;
  private final List<ParamSpec> params;

  /**
   * A UnivFD detector of the given configuration.
   *
   * @param config the configuration
   */
  public UnivFd(UnivFdConfig config) {
    this.config = Checks.notNull("config", config);
    List<ParamSpec> p = new ArrayList<>();
    config.tower().expectedShapes().forEach((n, s) -> p.add(new ParamSpec(n, s, false)));
    p.add(new ParamSpec(FC_WEIGHT, new long[] {1, config.tower().outputDim()}, true));
    p.add(new ParamSpec(FC_BIAS, new long[] {1}, true));
    this.params = List.copyOf(p);
  }

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public UnivFdConfig config() {
    return config;
  }

  @Override
  public String displayName() {
    return "univfd-" + config.tower().displayName();
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

  /** A random tower ({@link ClipVision#random}) and a zero probe. */
  @Override
  public Map<String, NamedTensor> initialise(long seed) {
    Map<String, NamedTensor> w = new LinkedHashMap<>(ClipVision.random(config.tower(), seed));
    w.putAll(probe(new float[config.tower().outputDim()], 0f));
    return w;
  }

  /**
   * The probe's two tensors.
   *
   * @param weight the weight, one per embedding dimension
   * @param bias the bias
   * @return {@link #FC_WEIGHT} and {@link #FC_BIAS}
   */
  public Map<String, NamedTensor> probe(float[] weight, float bias) {
    Checks.notNull("weight", weight);
    Checks.inRange("weight.length", weight.length, config.tower().outputDim(), config.tower().outputDim());
    Map<String, NamedTensor> m = new LinkedHashMap<>();
    m.put(FC_WEIGHT, NamedTensor.f32(FC_WEIGHT, new long[] {1, weight.length}, weight.clone()));
    m.put(FC_BIAS, NamedTensor.f32(FC_BIAS, new long[] {1}, new float[] {bias}));
    return m;
  }

  /**
   * The tower's tensors out of a full weight map, in the tower's order.
   *
   * @param weights weights of this architecture (the probe may be absent)
   * @return the tower's tensors
   * @throws org.genimage.api.BadModelFileException when one is missing
   */
  public Map<String, NamedTensor> towerWeights(Map<String, NamedTensor> weights) {
    Checks.notNull("weights", weights);
    Map<String, NamedTensor> out = new LinkedHashMap<>();
    for (String n : config.tower().expectedShapes().keySet()) {
      NamedTensor t = weights.get(n);
      if (t == null) {
        throw new org.genimage.api.BadModelFileException(null, "the CLIP tower needs weight '" + n
            + "', which is missing");
      }
      out.put(n, t);
    }
    return out;
  }

  @Override
  public UnaryOperator<String> importRename() {
    return ClipNames::rename;
  }

  @Override
  public Predicate<String> importIgnore() {
    return ClipNames::isTextTower;
  }

  @Override
  public SDVariable forward(GraphBuilder g, SDVariable input) {
    SDVariable embedding = ClipVision.embedding(config.tower(), g, g::buffer, input);
    return g.linear("fc", embedding);
  }
}
