package org.genimage.detectors.train;

import org.genimage.api.internal.Checks;

/**
 * An optimiser and its hyper-parameters, with PyTorch's update rules (implemented in
 * {@link SameDiffTrainer}, not by ND4J's updaters, so that state is checkpointed exactly and AdamW is the
 * real decoupled-weight-decay rule of {@code torch.optim.AdamW}).
 *
 * @param kind         the algorithm
 * @param learningRate base learning rate (the schedule scales it)
 * @param momentum     SGD momentum (ignored by Adam/AdamW)
 * @param beta1        Adam beta1
 * @param beta2        Adam beta2
 * @param epsilon      Adam epsilon
 * @param weightDecay  L2 (SGD, Adam: added to the gradient) or decoupled (AdamW) weight decay
 */
public record OptimizerConfig(Kind kind, double learningRate, double momentum, double beta1, double beta2,
    double epsilon, double weightDecay) {
  /** The algorithms. */
  public enum Kind {
    /** {@code torch.optim.SGD} with momentum (dampening 0, not Nesterov). */
    SGD,
    /** {@code torch.optim.Adam}. */
    ADAM,
    /** {@code torch.optim.AdamW}. */
    ADAMW
  }

  /** Validates. */
  public OptimizerConfig {
    Checks.notNull("kind", kind);
    Checks.positive("learningRate", learningRate);
    Checks.inRange("momentum", momentum, 0.0, 0.9999);
    Checks.inRange("beta1", beta1, 0.0, 0.9999);
    Checks.inRange("beta2", beta2, 0.0, 0.999999);
    Checks.positive("epsilon", epsilon);
    Checks.nonNegative("weightDecay", weightDecay);
  }

  /**
   * SGD with momentum.
   *
   * @param lr          learning rate
   * @param momentum    momentum
   * @param weightDecay L2 weight decay
   * @return the config
   */
  public static OptimizerConfig sgd(double lr, double momentum, double weightDecay) {
    return new OptimizerConfig(Kind.SGD, lr, momentum, 0.9, 0.999, 1e-8, weightDecay);
  }

  /**
   * Adam with PyTorch's defaults (betas 0.9, 0.999, eps 1e-8), no weight decay.
   *
   * @param lr learning rate
   * @return the config
   */
  public static OptimizerConfig adam(double lr) {
    return new OptimizerConfig(Kind.ADAM, lr, 0, 0.9, 0.999, 1e-8, 0);
  }

  /**
   * AdamW with PyTorch's defaults.
   *
   * @param lr          learning rate
   * @param weightDecay decoupled weight decay (PyTorch default 0.01)
   * @return the config
   */
  public static OptimizerConfig adamW(double lr, double weightDecay) {
    return new OptimizerConfig(Kind.ADAMW, lr, 0, 0.9, 0.999, 1e-8, weightDecay);
  }
}
