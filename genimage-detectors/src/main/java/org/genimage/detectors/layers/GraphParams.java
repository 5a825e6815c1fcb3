package org.genimage.detectors.layers;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadModelFileException;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.GraphBuilder;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The declaration context the frequency networks are written against: each tensor is declared where it is
 * used, with its canonical PyTorch name, shape and initialisation, and the layers in {@link SdLayers} route
 * the computation to the shared {@link GraphBuilder} (so inference folds batch norm and training records
 * batch statistics exactly as for every other architecture).
 *
 * <p>Two modes. {@link #over(GraphBuilder, SDVariable)} builds a real graph: declared shapes are checked
 * against the builder's weights. {@link #declaring(SameDiff, SDVariable)} only records the declarations
 * (every tensor becomes a placeholder of a throw-away graph, so nothing is allocated): this is how
 * {@link DeclaredArchitecture} derives {@code parameters()} and {@code initialise(seed)} from the one
 * forward pass instead of listing the tensors a second time. Single-use, not thread-safe.
 */
public final class GraphParams {
  /** How a parameter is initialised by {@link DeclaredArchitecture#initialise(long)}. */
  public enum Init {
    /** Kaiming normal with fan-out and ReLU gain, as torchvision initialises conv weights. */
    CONV_KAIMING_FAN_OUT,
    /** PyTorch's default for linear layers and biases: uniform in +-1/sqrt(fan_in), fan_in = shape[1]. */
    LINEAR_UNIFORM,
    /** Normal with standard deviation 0.1 (F3Net's learnable band filters). */
    NORMAL_0_1,
    /** All ones. */
    ONES,
    /** All zeros. */
    ZEROS
  }

  /**
   * One declared tensor and its initialisation.
   *
   * @param spec the canonical name, shape and trainability
   * @param init the initialisation
   */
  public record Declaration(ParamSpec spec, Init init) {
    /** Validates. */
    public Declaration {
      Checks.notNull("spec", spec);
      Checks.notNull("init", init);
    }
  }

  private final SameDiff sd;
  private final GraphBuilder builder;
  private final SDVariable input;
  private final Map<String, Declaration> declared = new LinkedHashMap<>();

  private GraphParams(SameDiff sd, GraphBuilder builder, SDVariable input) {
    this.sd = Checks.notNull("sd", sd);
    this.builder = builder;
    this.input = Checks.notNull("input", input);
  }

  /**
   * A context that builds through a shared graph builder.
   *
   * @param g     the builder (inference or training)
   * @param input the network's input placeholder (gives the batch size to random ops such as dropout)
   * @return the context
   */
  public static GraphParams over(GraphBuilder g, SDVariable input) {
    Checks.notNull("g", g);
    if (g.channelsLast()) {
      throw new BadArgumentException("g.channelsLast()", true, "NCHW: the frequency networks are NCHW only");
    }
    return new GraphParams(g.sd(), g, input);
  }

  /**
   * A context that only records declarations, on a throw-away graph.
   *
   * @param sd    a scratch graph
   * @param input its input placeholder
   * @return the context
   */
  public static GraphParams declaring(SameDiff sd, SDVariable input) {
    return new GraphParams(sd, null, input);
  }

  /**
   * The graph under construction.
   *
   * @return the SameDiff instance
   */
  public SameDiff sd() {
    return sd;
  }

  /**
   * The shared builder, or null while only declaring.
   *
   * @return the builder
   */
  GraphBuilder builder() {
    return builder;
  }

  /**
   * Whether the training graph is being built (false while declaring).
   *
   * @return true for training
   */
  public boolean training() {
    return builder != null && builder.training();
  }

  /**
   * The network's input placeholder.
   *
   * @return the placeholder
   */
  public SDVariable input() {
    return input;
  }

  /**
   * Declares a trainable parameter used directly in its canonical layout.
   *
   * @param name  canonical name
   * @param init  initialisation
   * @param shape canonical shape
   * @return the variable (constant at inference)
   */
  public SDVariable param(String name, Init init, long... shape) {
    record(name, init, true, shape);
    return builder == null ? placeholder(name, shape) : builder.param(name);
  }

  /**
   * Declares a tensor that a {@link GraphBuilder} method reads by name (conv weights, batch-norm tensors,
   * linear layers), without creating a variable for it here.
   *
   * @param name      canonical name
   * @param init      initialisation
   * @param trainable false for buffers
   * @param shape     canonical shape
   */
  void declareOnly(String name, Init init, boolean trainable, long... shape) {
    record(name, init, trainable, shape);
  }

  /**
   * A placeholder standing for a tensor while declaring.
   *
   * @param name  the tensor's name
   * @param shape its shape
   * @return the placeholder
   */
  SDVariable placeholder(String name, long... shape) {
    SDVariable v = sd.getVariable(name);
    return v != null ? v : sd.placeHolder(name, DataType.FLOAT, shape);
  }

  private void record(String name, Init init, boolean trainable, long... shape) {
    Checks.notBlank("name", name);
    if (declared.containsKey(name)) {
      throw new BadArgumentException("name", name, "a name not declared before");
    }
    if (builder != null) {
      long[] have = builder.weight(name).shape();
      if (!Arrays.equals(have, shape)) {
        throw new BadModelFileException(null, "weight '" + name + "' has shape " + Arrays.toString(have)
            + ", the network needs " + Arrays.toString(shape));
      }
    }
    declared.put(name, new Declaration(new ParamSpec(name, shape, trainable), init));
  }

  /**
   * Every tensor declared so far, in declaration order.
   *
   * @return an unmodifiable list
   */
  public List<Declaration> declarations() {
    return List.copyOf(declared.values());
  }

  /**
   * The declared names.
   *
   * @return an unmodifiable view, in declaration order
   */
  public java.util.Set<String> names() {
    return Collections.unmodifiableSet(declared.keySet());
  }

  /**
   * A tensor's initial value, deterministic in the seed and the name (so not in the declaration order).
   *
   * @param seed the seed
   * @param d    the declaration
   * @return the tensor
   */
  public static NamedTensor initial(long seed, Declaration d) {
    long[] shape = d.spec().shape();
    String name = d.spec().name();
    float[] data = new float[(int) NamedTensor.elementCount(shape)];
    int n = data.length;
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
    switch (d.init()) {
      case CONV_KAIMING_FAN_OUT -> {
        long fanOut = shape[0];
        for (int i = 2; i < shape.length; i++) {
          fanOut *= shape[i];
        }
        double std = Math.sqrt(2.0 / fanOut);
        for (int i = 0; i < n; i++) {
          data[i] = (float) (std * gaussian(random));
        }
      }
      case LINEAR_UNIFORM -> {
        double bound = 1.0 / Math.sqrt(shape.length > 1 ? shape[1] : shape[0]);
        for (int i = 0; i < n; i++) {
          data[i] = (float) random.nextDouble(-bound, bound);
        }
      }
      case NORMAL_0_1 -> {
        for (int i = 0; i < n; i++) {
          data[i] = (float) (0.1 * gaussian(random));
        }
      }
      case ONES -> Arrays.fill(data, 1f);
      case ZEROS -> {
        // already zero
      }
      default -> throw new IllegalStateException(d.init().toString());
    }
    return NamedTensor.f32(name, shape, data);
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian in Java 17
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
