package org.genimage.detectors.transformer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Checks;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Trains a {@link TransformerGraph} with AdamW as {@code torch.optim.AdamW} defines it (decoupled
 * weight decay, bias-corrected moments), a linear warm-up and a cosine decay, as timm trains DeiT and
 * Swin. Weight decay skips 1-d tensors, the class token and the position embedding and the relative
 * position bias tables, as timm's {@code no_weight_decay} does.
 *
 * <p>M2.1 has no AdamW updater (its Adam with decoupled decay is only an approximation), so this takes
 * gradients from {@code SameDiff.calculateGradients} and updates the graph's arrays itself. It also
 * feeds the stochastic-depth masks each step. Not thread-safe.
 */
public final class AdamW {
  /** The name of the one-hot label placeholder added to the graph. */
  public static final String LABELS = "labels";
  /** The name of the loss variable added to the graph. */
  public static final String LOSS = "loss";

  private final TransformerGraph graph;
  private final Options options;
  private final List<String> params;
  private final Map<String, INDArray> m = new HashMap<>();
  private final Map<String, INDArray> v = new HashMap<>();
  private final SplittableRandom random;
  private int step;

  /**
   * Optimiser and schedule settings.
   *
   * @param learningRate the peak learning rate
   * @param weightDecay the decoupled weight decay
   * @param beta1 the first-moment decay
   * @param beta2 the second-moment decay
   * @param eps the denominator epsilon
   * @param warmupSteps steps of linear warm-up from 0
   * @param totalSteps the step at which the cosine reaches 0
   * @param seed the seed of the stochastic-depth masks
   */
  public record Options(double learningRate, double weightDecay, double beta1, double beta2, double eps,
      int warmupSteps, int totalSteps, long seed) {
    /**
     * Validates the components.
     *
     * @throws BadArgumentException for values out of range
     */
    public Options {
      Checks.positive("learningRate", learningRate);
      Checks.nonNegative("weightDecay", weightDecay);
      Checks.inRange("beta1", beta1, 0.0, 0.999999);
      Checks.inRange("beta2", beta2, 0.0, 0.999999);
      Checks.positive("eps", eps);
      Checks.nonNegative("warmupSteps", warmupSteps);
      Checks.positive("totalSteps", totalSteps);
    }

    /**
     * timm's defaults for DeiT / Swin fine-tuning (betas 0.9 / 0.999, eps 1e-8).
     *
     * @param learningRate peak learning rate
     * @param weightDecay weight decay
     * @param warmupSteps warm-up steps
     * @param totalSteps total steps
     * @param seed stochastic-depth seed
     * @return the options
     */
    public static Options of(double learningRate, double weightDecay, int warmupSteps, int totalSteps,
        long seed) {
      return new Options(learningRate, weightDecay, 0.9, 0.999, 1e-8, warmupSteps, totalSteps, seed);
    }

    /**
     * The learning rate at a step (from 0): linear warm-up, then cosine to zero.
     *
     * @param step the step
     * @return the rate
     */
    public double rate(int step) {
      if (step < warmupSteps) {
        return learningRate * (step + 1) / warmupSteps;
      }
      double t = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
      return 0.5 * learningRate * (1 + Math.cos(Math.PI * t));
    }
  }

  /**
   * Adds a softmax cross-entropy loss to a graph and prepares to train it.
   *
   * @param graph a graph built with {@code training = true}
   * @param options the settings
   */
  public AdamW(TransformerGraph graph, Options options) {
    this.graph = Checks.notNull("graph", graph);
    this.options = Checks.notNull("options", options);
    SameDiff sd = graph.sameDiff();
    SDVariable logits = sd.getVariable(TransformerGraph.LOGITS);
    long classes = logits.getShape() == null ? 2 : logits.getShape()[1];
    SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, -1, classes);
    SDVariable max = sd.max(logits, true, 1);
    SDVariable lse = sd.math().log(sd.sum(sd.math().exp(logits.sub(max)), true, 1)).add(max);
    sd.mean(LOSS, sd.sum(labels.mul(lse.sub(logits)), 1), 0);
    sd.setLossVariables(LOSS);
    this.params = List.copyOf(graph.weights().keySet());
    this.random = new SplittableRandom(options.seed());
  }

  /**
   * One optimisation step.
   *
   * @param input normalised images {@code [batch, 3, size, size]}
   * @param labels one-hot labels {@code [batch, numClasses]}
   * @return the batch loss before the update
   */
  public double step(INDArray input, INDArray labels) {
    Map<String, INDArray> feed = new LinkedHashMap<>(graph.drawDropPathMasks((int) input.size(0), random));
    feed.put(TransformerGraph.INPUT, input);
    feed.put(LABELS, labels);
    SameDiff sd = graph.sameDiff();
    OutAndGrad og = sd.calculateGradientsAndOutputs(feed, List.of(LOSS), params);
    Map<String, INDArray> grads = og.getGradients();
    double loss = og.getOutputs().get(LOSS).getDouble(0);
    double lr = options.rate(step);
    step++;
    double bc1 = 1 - Math.pow(options.beta1(), step);
    double bc2 = 1 - Math.pow(options.beta2(), step);
    Map<String, INDArray> weights = graph.weights();
    for (String n : params) {
      INDArray w = weights.get(n);
      INDArray g = grads.get(n);
      if (g == null) {
        continue;
      }
      INDArray mm = m.computeIfAbsent(n, k -> Nd4j.zerosLike(w));
      INDArray vv = v.computeIfAbsent(n, k -> Nd4j.zerosLike(w));
      mm.muli(options.beta1()).addi(g.mul(1 - options.beta1()));
      vv.muli(options.beta2()).addi(g.mul(g).muli(1 - options.beta2()));
      if (decays(n, w)) {
        w.muli(1 - lr * options.weightDecay());
      }
      INDArray denom = Transforms.sqrt(vv, true).divi(Math.sqrt(bc2)).addi(options.eps());
      w.subi(mm.div(denom).muli(lr / bc1));
    }
    return loss;
  }

  private static boolean decays(String name, INDArray w) {
    return w.rank() > 1 && !name.equals("class_token") && !name.equals("encoder.pos_embedding")
        && !name.endsWith("relative_position_bias_table");
  }

  /**
   * The number of steps taken.
   *
   * @return the step count
   */
  public int steps() {
    return step;
  }
}
