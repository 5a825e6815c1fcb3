package org.genimage.detectors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.weights.NamedTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds training graphs: trainable parameters become SameDiff variables (conv weights in SameDiff's
 * {@code [kh, kw, in, out]} layout, since {@code conv2d_bp} ignores other weight formats in M2.1), buffers
 * become constants, and batch norm normalises with the batch's mean and biased variance, as PyTorch's
 * {@code train()} mode does. Each batch norm records the graph variables holding the batch mean and the
 * unbiased batch variance, which the trainer blends into the running statistics with PyTorch's momentum.
 */
public final class TrainingGraphBuilder extends GraphBuilder {
  private final Map<String, SDVariable> vars = new LinkedHashMap<>();
  private final Map<String, Boolean> convLayout = new LinkedHashMap<>();
  private final Map<String, String> bufferStats = new LinkedHashMap<>();
  private final java.util.List<RandomMask> masks = new java.util.ArrayList<>();

  /**
   * A random mask placeholder of a training graph (stochastic depth or dropout), to be fed every step: each
   * element 0 with probability {@link #rate()}, else {@code 1 / (1 - rate)}.
   *
   * @param placeholder the placeholder name
   * @param sampleShape the mask's shape per sample ({@code [1, ..., 1]} for stochastic depth, the features for
   *                    dropout)
   * @param rate        the drop probability
   */
  public record RandomMask(String placeholder, long[] sampleShape, double rate) {
    /** Validates. */
    public RandomMask {
      Checks.notBlank("placeholder", placeholder);
      Checks.inRange("rank", sampleShape.length, 0, 7);
      Checks.inRange("rate", rate, 0.0, 0.999);
      sampleShape = sampleShape.clone();
    }

    /**
     * Values per sample.
     *
     * @return the product of {@link #sampleShape()}
     */
    public int sampleSize() {
      long n = 1;
      for (long d : sampleShape) {
        n *= d;
      }
      return Math.toIntExact(n);
    }

    /**
     * Draws one step's mask values.
     *
     * @param batch  the batch size
     * @param random the source of randomness
     * @return {@code batch * sampleSize()} values, sample-major
     */
    public float[] drawValues(int batch, SplittableRandom random) {
      float[] m = new float[batch * sampleSize()];
      float keep = (float) (1.0 / (1.0 - rate));
      for (int i = 0; i < m.length; i++) {
        m[i] = random.nextDouble() < rate ? 0f : keep;
      }
      return m;
    }

    /**
     * Draws one step's mask as an array.
     *
     * @param batch  the batch size
     * @param random the source of randomness
     * @return the mask, {@code [batch, sampleShape...]}
     */
    public INDArray draw(int batch, SplittableRandom random) {
      long[] shape = new long[sampleShape.length + 1];
      shape[0] = batch;
      System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
      return Nd4j.create(drawValues(batch, random), shape, 'c');
    }
  }

  /**
   * A builder.
   *
   * @param sd      the graph
   * @param weights canonical starting weights (parameters and buffers)
   */
  public TrainingGraphBuilder(SameDiff sd, Map<String, NamedTensor> weights) {
    super(sd, weights);
  }

  @Override
  public boolean training() {
    return true;
  }

  @Override
  public boolean channelsLast() {
    return false;
  }

  @Override
  public SDVariable param(String name) {
    if (Boolean.TRUE.equals(convLayout.get(name))) {
      throw new IllegalStateException(name + " is already used as a conv weight in [kh, kw, in, out] layout");
    }
    return vars.computeIfAbsent(name, n -> {
      NamedTensor t = weight(n);
      convLayout.put(n, false);
      return sd.var(n, Nd4j.create(t.data(), t.shape(), 'c'));
    });
  }

  @Override
  public SDVariable buffer(String name) {
    SDVariable v = sd.getVariable(name);
    if (v != null) {
      return v;
    }
    NamedTensor t = weight(name);
    return sd.constant(name, Nd4j.create(t.data(), t.shape(), 'c'));
  }

  @Override
  protected SDVariable convWeight(String name) {
    if (Boolean.FALSE.equals(convLayout.get(name))) {
      throw new IllegalStateException(name + " is already used in its canonical layout");
    }
    return vars.computeIfAbsent(name, n -> {
      NamedTensor t = weight(n);
      convLayout.put(n, true);
      return sd.var(n, InferenceGraphBuilder.yxio(t.data(), t.shape()));
    });
  }

  @Override
  public SDVariable convBn(String convWeightName, String bnPrefix, SDVariable x, int stride, int padding,
      double eps) {
    return batchNorm(bnPrefix, conv2d(convWeightName, null, x, stride, padding), eps);
  }

  @Override
  public SDVariable batchNorm(String bnPrefix, SDVariable x, double eps) {
    long c = weight(bnPrefix + ".weight").shape()[0];
    SDVariable mean = x.mean(true, 0, 2, 3);
    SDVariable diff = x.sub(mean);
    SDVariable var = diff.mul(diff).mean(true, 0, 2, 3);
    SDVariable y = diff.mul(sd.math().rsqrt(var.add(eps)));
    y = y.mul(perChannel(param(bnPrefix + ".weight"), c)).add(perChannel(param(bnPrefix + ".bias"), c));
    // Running variance uses the unbiased estimate, as torch.nn.BatchNorm2d does: n = elements / channels.
    SDVariable n = sd.size(x).castTo(DataType.FLOAT).div((double) c);
    SDVariable unbiased = var.mul(n.div(n.sub(1.0)));
    String meanName = sd.identity(bnPrefix + "#batch_mean", mean.reshape(c)).name();
    String varName = sd.identity(bnPrefix + "#batch_var", unbiased.reshape(c)).name();
    bufferStats.put(bnPrefix + ".running_mean", meanName);
    bufferStats.put(bnPrefix + ".running_var", varName);
    record(new Region(Region.Kind.BATCH_NORM, java.util.List.of(x.name(), bnPrefix + ".weight", bnPrefix + ".bias"),
        java.util.List.of(y.name(), meanName, varName), eps));
    return y;
  }

  @Override
  public SDVariable dropPath(SDVariable x, int rank, double rate) {
    super.dropPath(x, rank, rate);
    if (rate == 0) {
      return x;
    }
    long[] sample = new long[rank - 1];
    java.util.Arrays.fill(sample, 1);
    return x.mul(mask("droppath", sample, rate));
  }

  @Override
  public SDVariable dropout(SDVariable x, long features, double rate) {
    super.dropout(x, features, rate);
    if (rate == 0) {
      return x;
    }
    return x.mul(mask("dropout", new long[] {features}, rate));
  }

  private SDVariable mask(String kind, long[] sample, double rate) {
    long[] shape = new long[sample.length + 1];
    shape[0] = -1;
    System.arraycopy(sample, 0, shape, 1, sample.length);
    SDVariable mask = sd.placeHolder(kind + "." + masks.size(), DataType.FLOAT, shape);
    masks.add(new RandomMask(mask.name(), sample, rate));
    return mask;
  }

  /**
   * The training loss of a head, averaged over the batch: binary cross-entropy with logits for one logit
   * ({@code torch.nn.BCEWithLogitsLoss}), cross-entropy for two classes ({@code torch.nn.CrossEntropyLoss} with
   * one-hot labels).
   *
   * @param head   the head
   * @param logits {@code [n, head.outputs()]}
   * @param labels {@code [n, head.outputs()]}: the 0/1 label for one logit, one-hot for two classes
   * @param name   the loss variable's name
   * @return the scalar loss
   */
  public SDVariable loss(Head head, SDVariable logits, SDVariable labels, String name) {
    SDVariable z = logits;
    SDVariable y = labels;
    if (head == Head.SINGLE_LOGIT) {
      // Stable BCE with logits: max(z, 0) - z*y + log(1 + exp(-|z|)).
      SDVariable t = sd.nn().relu(z, 0.0).sub(z.mul(y)).add(sd.math().log1p(sd.math().exp(sd.math().abs(z).neg())));
      return t.mean(name);
    }
    // Cross-entropy as logsumexp(z) - z.y, written out: M2.1's LogSoftMax op cannot be cloned for the gradient
    // function ("Error setting property for function LogSoftMax"), so the two-class head could not train.
    SDVariable max = sd.max(z, true, 1);
    SDVariable lse = sd.math().log(sd.sum(sd.math().exp(z.sub(max)), true, 1)).add(max);
    return sd.sum(y.mul(lse.sub(z)), 1).mean(name, 0);
  }

  /**
   * The random mask placeholders created by {@link #dropPath} and {@link #dropout}, in creation order.
   *
   * @return the masks the trainer must feed
   */
  public java.util.List<RandomMask> randomMasks() {
    return java.util.List.copyOf(masks);
  }

  /**
   * The trainable variables created, by canonical name.
   *
   * @return name to variable, in creation order
   */
  public Map<String, SDVariable> variables() {
    return Collections.unmodifiableMap(vars);
  }

  /**
   * Whether a trainable variable is held in {@code [kh, kw, in, out]} layout rather than its canonical one.
   *
   * @param name canonical name
   * @return true for conv weights
   */
  public boolean isConvLayout(String name) {
    return Boolean.TRUE.equals(convLayout.get(name));
  }

  /**
   * For each running-statistics buffer, the graph variable holding the current batch's statistic.
   *
   * @return buffer name to graph variable name
   */
  public Map<String, String> bufferStatistics() {
    return Collections.unmodifiableMap(bufferStats);
  }
}
