package org.genimage.detectors.frequency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Checks;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Declares a network's tensors while its SameDiff graph is built: each {@link #param} or {@link #buffer}
 * call creates the variable under its canonical PyTorch name and layout (conv {@code [out, in, kh, kw]},
 * linear {@code [out, in]}), records its {@link ParamSpec}, and fills it from the given values or, when
 * none is given for that name, with a seeded initialisation (derived from the seed and the name, so it does
 * not depend on the order in which tensors are declared).
 *
 * <p>Parameters are SameDiff variables (trained); buffers (batch-norm running statistics) are constants,
 * which a trainer updates from the batch statistics recorded in {@link #batchStatistics()} when the graph
 * is built for training.
 */
public final class GraphParams {
  /** How a parameter without a given value is initialised. */
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
   * One batch-norm layer's statistics in a training graph: the running buffers and the graph variables
   * holding the current batch's mean and (biased) variance.
   *
   * @param runningMean name of the running-mean buffer
   * @param runningVar name of the running-variance buffer
   * @param batchMean the batch mean variable
   * @param batchVar the batch variance variable (biased)
   * @param count elements per channel in the batch ({@code N * H * W}), for the unbiased correction
   */
  public record BatchStatistics(String runningMean, String runningVar, SDVariable batchMean,
      SDVariable batchVar, SDVariable count) {
    /** Validates the names. */
    public BatchStatistics {
      Checks.notBlank("runningMean", runningMean);
      Checks.notBlank("runningVar", runningVar);
    }
  }

  /**
   * One declared tensor: canonical name, canonical shape, and whether the optimiser trains it.
   *
   * @param name canonical name
   * @param shape canonical shape
   * @param trainable false for buffers
   */
  public record ParamSpec(String name, long[] shape, boolean trainable) {
    /** Validates and copies. */
    public ParamSpec {
      Checks.notBlank("name", name);
      shape = Checks.notNull("shape", shape).clone();
    }

    /**
     * The shape (a copy).
     *
     * @return the shape
     */
    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  private final SameDiff sd;
  private final Map<String, INDArray> values;
  private final long seed;
  private final boolean training;
  private final Map<String, ParamSpec> specs = new LinkedHashMap<>();
  private final Map<String, SDVariable> variables = new LinkedHashMap<>();
  private final List<BatchStatistics> batchStatistics = new ArrayList<>();
  private SDVariable batchSource;

  /**
   * A declaration context.
   *
   * @param sd the graph under construction
   * @param values values by canonical name, in canonical layout; names absent here are initialised
   * @param seed seed of the initialisation
   * @param training true to build the training graph (batch statistics in batch norm, dropout on)
   */
  public GraphParams(SameDiff sd, Map<String, INDArray> values, long seed, boolean training) {
    this.sd = Checks.notNull("sd", sd);
    this.values = Checks.notNull("values", values);
    this.seed = seed;
    this.training = training;
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
   * Whether the training graph is being built.
   *
   * @return true for training
   */
  public boolean training() {
    return training;
  }

  /**
   * Registers the input placeholder, whose first dimension gives the batch size to random ops.
   *
   * @param placeholder the input placeholder
   */
  public void batchSource(SDVariable placeholder) {
    this.batchSource = Checks.notNull("placeholder", placeholder);
  }

  /**
   * The input placeholder registered with {@link #batchSource(SDVariable)}.
   *
   * @return the placeholder
   * @throws IllegalStateException if none was registered
   */
  public SDVariable batchSource() {
    if (batchSource == null) {
      throw new IllegalStateException("no input placeholder registered for random ops");
    }
    return batchSource;
  }

  /**
   * Declares a trainable parameter.
   *
   * @param name canonical name
   * @param init initialisation when no value is given
   * @param shape canonical shape
   * @return the variable
   */
  public SDVariable param(String name, Init init, long... shape) {
    return declare(name, init, true, shape);
  }

  /**
   * Declares a buffer (not trained by the optimiser).
   *
   * @param name canonical name
   * @param init initialisation when no value is given
   * @param shape canonical shape
   * @return the constant
   */
  public SDVariable buffer(String name, Init init, long... shape) {
    return declare(name, init, false, shape);
  }

  /**
   * Records a batch-norm layer's batch statistics (training graphs only).
   *
   * @param stats the statistics
   */
  public void recordBatchStatistics(BatchStatistics stats) {
    batchStatistics.add(Checks.notNull("stats", stats));
  }

  /**
   * The batch-norm statistics recorded while building a training graph, in declaration order.
   *
   * @return an unmodifiable list
   */
  public List<BatchStatistics> batchStatistics() {
    return Collections.unmodifiableList(batchStatistics);
  }

  /**
   * Every tensor declared so far, in declaration order.
   *
   * @return an unmodifiable list
   */
  public List<ParamSpec> specs() {
    return List.copyOf(specs.values());
  }

  /**
   * The declared variables and constants by canonical name.
   *
   * @return an unmodifiable map
   */
  public Map<String, SDVariable> variables() {
    return Collections.unmodifiableMap(variables);
  }

  private SDVariable declare(String name, Init init, boolean trainable, long... shape) {
    Checks.notBlank("name", name);
    if (specs.containsKey(name)) {
      throw new BadArgumentException("name", name, "a name not declared before");
    }
    INDArray value = values.get(name);
    if (value != null) {
      if (!Arrays.equals(value.shape(), shape)) {
        throw new BadArgumentException(name, Arrays.toString(value.shape()),
            "shape " + Arrays.toString(shape));
      }
      value = value.castTo(DataType.FLOAT).dup();
    } else {
      value = initial(name, init, shape);
    }
    specs.put(name, new ParamSpec(name, shape, trainable));
    SDVariable v = trainable ? sd.var(name, value) : sd.constant(name, value);
    variables.put(name, v);
    return v;
  }

  private INDArray initial(String name, Init init, long[] shape) {
    int n = 1;
    for (long s : shape) {
      n = Math.multiplyExact(n, (int) s);
    }
    float[] data = new float[n];
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
    switch (init) {
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
          data[i] = (float) (random.nextDouble(-bound, bound));
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
      default -> throw new IllegalStateException(init.toString());
    }
    return Nd4j.create(data, shape, 'c');
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian in Java 17
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
