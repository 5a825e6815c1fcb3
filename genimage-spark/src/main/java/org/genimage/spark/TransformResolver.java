package org.genimage.spark;

import java.io.Serializable;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.ImageTransform;
import org.genimage.eval.ScoreCell;
import org.genimage.degrade.PaperDegradations;

/**
 * Turns a condition name into its degradation on the executor. Degradations are named rather than
 * serialised: an {@link ImageTransform} need not be {@link Serializable}, and the name is what reports
 * and score rows record. {@link ScoreCell#CLEAN} always means no degradation.
 */
@FunctionalInterface
public interface TransformResolver extends Serializable {
  /**
   * The degradation of a condition.
   *
   * @param condition a condition name other than {@link ScoreCell#CLEAN}
   * @return the transform
   * @throws BadArgumentException if the name is unknown
   */
  ImageTransform resolve(String condition);

  /**
   * The transform of a condition, the identity for {@link ScoreCell#CLEAN}.
   *
   * @param condition the condition name
   * @return the transform
   */
  default ImageTransform transformOf(String condition) {
    return ScoreCell.CLEAN.equals(condition) ? ImageTransform.identity() : resolve(condition);
  }

  /**
   * The paper's six degradations by the names of {@link PaperDegradations#all()}
   * ({@code lowResolution112}, {@code lowResolution64}, {@code jpeg65}, {@code jpeg30},
   * {@code blurSigma3}, {@code blurSigma5}).
   *
   * @return the resolver
   */
  static TransformResolver paperDegradations() {
    return condition -> {
      Map<String, ImageTransform> all = PaperDegradations.all();
      ImageTransform t = all.get(condition);
      if (t == null) {
        throw new BadArgumentException("condition", condition,
            "\"clean\" or one of " + all.keySet() + " (or pass your own TransformResolver)");
      }
      return t;
    };
  }
}
