package org.genimage.detectors.transformer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Checks;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A built DeiT or Swin network: the SameDiff graph, the name of its image placeholder ({@code [batch,
 * 3, size, size]}, NCHW, normalised) and logits, named intermediate activations for parity checks, and
 * the stochastic-depth mask placeholders of a training graph. Trainable variables carry torchvision's
 * state-dict names, so {@link #weights()} is a state dict.
 *
 * <p>The batch dimension is left open. Not thread-safe: SameDiff sessions are per graph; use one graph
 * per thread or synchronise. {@link #close()} releases the variables' native buffers.
 */
public final class TransformerGraph implements AutoCloseable {
  /** The name of the image placeholder. */
  public static final String INPUT = "input";
  /** The name of the logits variable, {@code [batch, numClasses]}. */
  public static final String LOGITS = "logits";

  private final SameDiff sd;
  private final String architecture;
  private final Map<String, String> activations;
  private final Map<String, Double> dropPaths;
  private final int[] dropPathRank;
  private boolean closed;

  TransformerGraph(SameDiff sd, String architecture, Map<String, String> activations,
      Map<String, Double> dropPaths, int dropPathRank) {
    this.sd = sd;
    this.architecture = architecture;
    this.activations = Collections.unmodifiableMap(new LinkedHashMap<>(activations));
    this.dropPaths = Collections.unmodifiableMap(new LinkedHashMap<>(dropPaths));
    this.dropPathRank = new int[] {dropPathRank};
  }

  /**
   * The graph, for training or inspection; owned by this object.
   *
   * @return the SameDiff instance
   */
  public SameDiff sameDiff() {
    return sd;
  }

  /**
   * Which network this is.
   *
   * @return {@code "deit"} or {@code "swin"}
   */
  public String architecture() {
    return architecture;
  }

  /**
   * Named intermediate activations, in forward order: {@code embed}, each block ({@code block3} for
   * DeiT, {@code stage1.block0} and {@code merge1} for Swin), {@code norm} and {@code logits}.
   *
   * @return an immutable map from those names to graph variable names
   */
  public Map<String, String> activations() {
    return activations;
  }

  /**
   * The stochastic-depth mask placeholders of a training graph and their drop probabilities; empty for
   * an inference graph or a zero rate.
   *
   * @return an immutable map from placeholder name to drop probability
   */
  public Map<String, Double> dropPathRates() {
    return dropPaths;
  }

  /**
   * Draws stochastic-depth masks for one training step: per sample and block, 0 with the block's drop
   * probability, else {@code 1 / (1 - p)}, as timm's {@code DropPath} does.
   *
   * @param batch the batch size
   * @param random the source of randomness
   * @return placeholder values to add to the step's feed
   */
  public Map<String, INDArray> drawDropPathMasks(int batch, SplittableRandom random) {
    Checks.positive("batch", batch);
    Checks.notNull("random", random);
    Map<String, INDArray> feed = new LinkedHashMap<>();
    long[] shape = new long[dropPathRank[0]];
    java.util.Arrays.fill(shape, 1);
    shape[0] = batch;
    for (Map.Entry<String, Double> e : dropPaths.entrySet()) {
      double p = e.getValue();
      float[] mask = new float[batch];
      for (int i = 0; i < batch; i++) {
        mask[i] = random.nextDouble() < p ? 0f : (float) (1.0 / (1.0 - p));
      }
      feed.put(e.getKey(), Nd4j.create(mask, shape, 'c'));
    }
    return feed;
  }

  /**
   * Runs the network in inference mode.
   *
   * @param input normalised images {@code [batch, 3, size, size]}
   * @return the logits {@code [batch, numClasses]}
   */
  public INDArray logits(INDArray input) {
    return outputs(input, List.of(LOGITS)).get(LOGITS);
  }

  /**
   * Runs the network and returns several activations.
   *
   * @param input normalised images {@code [batch, 3, size, size]}
   * @param names keys of {@link #activations()}
   * @return the activations under those keys
   * @throws BadArgumentException for an unknown name
   */
  public Map<String, INDArray> outputs(INDArray input, List<String> names) {
    checkOpen();
    List<String> vars = new ArrayList<>();
    for (String n : names) {
      String v = activations.get(n);
      if (v == null) {
        throw new BadArgumentException("names", n, "one of " + activations.keySet());
      }
      vars.add(v);
    }
    Map<String, INDArray> feed = new LinkedHashMap<>();
    feed.put(INPUT, input.castTo(DataType.FLOAT));
    long batch = input.size(0);
    for (String p : dropPaths.keySet()) {
      long[] shape = new long[dropPathRank[0]];
      java.util.Arrays.fill(shape, 1);
      shape[0] = batch;
      feed.put(p, Nd4j.ones(DataType.FLOAT, shape));
    }
    Map<String, INDArray> out = sd.output(feed, vars);
    Map<String, INDArray> result = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      result.put(names.get(i), out.get(vars.get(i)));
    }
    return result;
  }

  /**
   * The trainable weights under torchvision's state-dict names (views of the graph's arrays).
   *
   * @return an ordered map of names to arrays
   */
  public Map<String, INDArray> weights() {
    checkOpen();
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE) {
        m.put(v.name(), v.getArr());
      }
    }
    return m;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(architecture + " graph is closed");
    }
  }

  /** Releases the native buffers of the graph's variables and constants. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE || v.getVariableType() == VariableType.CONSTANT) {
        INDArray a = v.getArr();
        if (a != null && a.closeable()) {
          a.close();
        }
      }
    }
  }
}
