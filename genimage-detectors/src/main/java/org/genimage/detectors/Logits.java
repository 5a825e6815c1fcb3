package org.genimage.detectors;

import java.util.List;
import org.genimage.api.Predictor;
import org.genimage.api.RgbImage;

/** Conversions between P(FAKE) and its logit, bounded so that fused and fitted values stay finite. */
public final class Logits {
  /**
   * The largest logit magnitude passed on: probabilities of exactly 0 or 1 (a float score, or a
   * saturated double) become -LIMIT or LIMIT instead of infinities.
   */
  public static final double LIMIT = 50;

  private Logits() {}

  /**
   * The logit of a probability, clamped to [-{@link #LIMIT}, {@link #LIMIT}].
   *
   * @param p a probability in [0, 1]
   * @return {@code log(p / (1 - p))}, clamped (NaN stays NaN)
   */
  public static double ofProbability(double p) {
    return clamp(Math.log(p) - Math.log1p(-p));
  }

  /**
   * Clamps a logit to [-{@link #LIMIT}, {@link #LIMIT}].
   *
   * @param z a logit
   * @return the clamped logit (NaN stays NaN)
   */
  public static double clamp(double z) {
    return z > LIMIT ? LIMIT : z < -LIMIT ? -LIMIT : z;
  }

  /**
   * {@code 1 / (1 + exp(-z))} without overflow.
   *
   * @param z a logit
   * @return the probability
   */
  public static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  /**
   * Logits of a batch from any predictor: its own double logits for a {@link LogitPredictor}, else the
   * logits of its float scores.
   *
   * @param predictor the predictor
   * @param images the images
   * @return one logit per image
   */
  public static double[] of(Predictor predictor, List<RgbImage> images) {
    if (predictor instanceof LogitPredictor l) {
      return l.logitBatch(images);
    }
    float[] p = predictor.scoreBatch(images);
    double[] z = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      z[i] = ofProbability(p[i]);
    }
    return z;
  }
}
