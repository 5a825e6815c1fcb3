package org.genimage.detectors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * One configured network: its parameters, its preprocessing, and its forward pass written once against a
 * {@link GraphBuilder} (shared by inference and training). Implementations are immutable values built from a
 * JSON-serialisable config record by their {@link ArchitectureProvider}; detector files store
 * {@link #family()} and {@link #config()} and rebuild the architecture through {@link Architectures}.
 *
 * <p>To add an architecture: implement this interface and {@link ArchitectureProvider}, and register the
 * provider in {@code META-INF/services/org.genimage.detectors.ArchitectureProvider} (or call
 * {@link Architectures#register}). See genimage-detectors/README.md, "How to add an architecture".
 */
public interface Architecture {
  /**
   * The registry name of this architecture's family, e.g. {@code resnet}; equals its provider's
   * {@link ArchitectureProvider#family()}.
   *
   * @return the family name
   */
  String family();

  /**
   * The configuration (a record that Jackson serialises), enough for the provider to rebuild this.
   *
   * @return the config
   */
  Record config();

  /**
   * A short human-readable name, e.g. {@code resnet50} or {@code cnnspot}.
   *
   * @return the display name
   */
  String displayName();

  /**
   * The preprocessing from image to network input, declared as data (saved in detector files and run by
   * {@link PreprocessingPipeline#compile()} in inference, training and Spark).
   *
   * @return the pipeline; its output size is the network's input size
   */
  PreprocessingPipeline preprocessing();

  /**
   * The head kind: one logit (BCE) or two classes (cross-entropy).
   *
   * @return the head
   */
  Head head();

  /**
   * Every tensor the network owns (trainable parameters and buffers), canonical names and layouts.
   *
   * @return the specs, in a stable order
   */
  List<ParamSpec> parameters();

  /**
   * Fresh weights for training from scratch, deterministic in the seed.
   *
   * @param seed the seed
   * @return a tensor for every {@link #parameters()} entry
   */
  Map<String, NamedTensor> initialise(long seed);

  /**
   * The forward pass from preprocessed input to logits {@code [n, head().outputs()]}.
   *
   * @param g     the builder (inference or training)
   * @param input the input, {@code [n, c, h, w]} or {@code [n, h, w, c]} as {@link GraphBuilder#channelsLast()}
   * @return the logits
   */
  SDVariable forward(GraphBuilder g, SDVariable input);

  /**
   * Whether {@link #forward} works with channels-last activations (then inference may use NHWC).
   *
   * @return true when NHWC is supported
   */
  default boolean supportsChannelsLast() {
    return false;
  }

  /**
   * Renames a tensor name of an imported PyTorch state dict to ours; identity when ours are PyTorch's.
   *
   * @return the renaming
   */
  default UnaryOperator<String> importRename() {
    return UnaryOperator.identity();
  }

  /**
   * Tensors of an imported state dict that are not weights (by default {@code num_batches_tracked}).
   *
   * @return true for names to skip
   */
  default Predicate<String> importIgnore() {
    return n -> n.endsWith("num_batches_tracked");
  }

  /**
   * Trainable parameters that weight decay must not touch (an optimiser parameter group with decay 0), e.g.
   * norm scales, biases, tokens and position tables of transformers as timm's {@code no_weight_decay}; by
   * default none, so every parameter decays.
   *
   * @return true for names exempt from weight decay
   */
  default Predicate<String> noWeightDecay() {
    return n -> false;
  }

  /**
   * The expected shapes by name.
   *
   * @return canonical name to shape
   */
  default Map<String, long[]> shapes() {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (ParamSpec p : parameters()) {
      m.put(p.name(), p.shape());
    }
    return m;
  }
}
