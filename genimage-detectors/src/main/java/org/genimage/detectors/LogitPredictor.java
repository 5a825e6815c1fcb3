package org.genimage.detectors;

import java.util.List;
import org.genimage.api.Predictor;
import org.genimage.api.RgbImage;

/**
 * A predictor that also gives its scores as logits in double precision, before they are rounded to a
 * float probability (which saturates at 0 and 1 for logits beyond about 17 and -104). Ensembles fuse
 * these; {@link Logits#of} falls back to the logit of the float score for other predictors.
 */
public interface LogitPredictor extends Predictor {
  /**
   * The logit of P(FAKE) of each image: {@code log(p / (1 - p))} of the probability
   * {@link #scoreBatch} returns (calibrated, for a calibrated detector), but not rounded to float.
   *
   * @param images the images
   * @return one finite logit per image, within [-{@link Logits#LIMIT}, {@link Logits#LIMIT}]
   */
  double[] logitBatch(List<RgbImage> images);
}
