package org.genimage.detectors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.Checks;
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
  private final java.util.List<DropPathMask> dropPaths = new java.util.ArrayList<>();

  /**
   * A stochastic-depth mask placeholder of a training graph, to be fed every step.
   *
   * @param placeholder the placeholder name
   * @param rank        its rank ({@code [n, 1, ..., 1]})
   * @param rate        the drop probability
   */
  public record DropPathMask(String placeholder, int rank, double rate) {
    /** Validates. */
    public DropPathMask {
      Checks.notBlank("placeholder", placeholder);
      Checks.inRange("rank", rank, 1, 8);
      Checks.inRange("rate", rate, 0.0, 0.999);
    }

    /**
     * Draws one step's mask: per sample 0 with probability {@link #rate()}, else {@code 1 / (1 - rate)}.
     *
     * @param batch  the batch size
     * @param random the source of randomness
     * @return the mask, {@code [batch, 1, ..., 1]}
     */
    public INDArray draw(int batch, SplittableRandom random) {
      long[] shape = new long[rank];
      java.util.Arrays.fill(shape, 1);
      shape[0] = batch;
      float[] m = new float[batch];
      float keep = (float) (1.0 / (1.0 - rate));
      for (int i = 0; i < batch; i++) {
        m[i] = random.nextDouble() < rate ? 0f : keep;
      }
      return Nd4j.create(m, shape, 'c');
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
    return y;
  }

  @Override
  public SDVariable dropPath(SDVariable x, int rank, double rate) {
    super.dropPath(x, rank, rate);
    if (rate == 0) {
      return x;
    }
    long[] shape = new long[rank];
    java.util.Arrays.fill(shape, 1);
    shape[0] = -1;
    SDVariable mask = sd.placeHolder("droppath." + dropPaths.size(), DataType.FLOAT, shape);
    dropPaths.add(new DropPathMask(mask.name(), rank, rate));
    return x.mul(mask);
  }

  /**
   * The stochastic-depth mask placeholders created by {@link #dropPath}, in creation order.
   *
   * @return the masks the trainer must feed
   */
  public java.util.List<DropPathMask> dropPathMasks() {
    return java.util.List.copyOf(dropPaths);
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
