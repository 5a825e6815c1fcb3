package org.genimage.detectors;

/**
 * What a network's last layer produces and how it becomes P(FAKE) and a training loss.
 */
public enum Head {
  /** One logit per image: P(FAKE) = sigmoid(z), loss = binary cross-entropy with logits (CNNSpot). */
  SINGLE_LOGIT(1),
  /** Two logits (REAL, FAKE) per image: P(FAKE) = softmax(z)[1], loss = cross-entropy. */
  TWO_CLASS(2);

  private final int outputs;

  Head(int outputs) {
    this.outputs = outputs;
  }

  /**
   * The number of logits per image.
   *
   * @return 1 or 2
   */
  public int outputs() {
    return outputs;
  }

  /**
   * Turns one image's logits into P(FAKE).
   *
   * @param logits the logits
   * @param offset where this image's logits start
   * @return the probability of FAKE
   */
  public float probability(float[] logits, int offset) {
    if (this == SINGLE_LOGIT) {
      return (float) (1.0 / (1.0 + Math.exp(-logits[offset])));
    }
    double a = logits[offset];
    double b = logits[offset + 1];
    double m = Math.max(a, b);
    double eb = Math.exp(b - m);
    return (float) (eb / (Math.exp(a - m) + eb));
  }

  /**
   * One image's raw logit of FAKE, the value calibrations are fitted on: the logit itself for
   * {@link #SINGLE_LOGIT}, the FAKE-minus-REAL difference for {@link #TWO_CLASS} (softmax's P(FAKE) is
   * the sigmoid of that difference).
   *
   * @param logits the logits
   * @param offset where this image's logits start
   * @return the logit, in double precision
   */
  public double logit(float[] logits, int offset) {
    if (this == SINGLE_LOGIT) {
      return logits[offset];
    }
    return (double) logits[offset + 1] - logits[offset];
  }
}
