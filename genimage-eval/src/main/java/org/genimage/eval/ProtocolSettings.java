package org.genimage.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BiasControl;
import org.genimage.api.internal.Checks;
import org.genimage.eval.metrics.EvaluationOptions;

/**
 * The protocol settings that other toolkits leave implicit, made explicit and recorded in every
 * result.
 *
 * @param checkpointSelection which data selects checkpoints ({@link
 *     CheckpointSelection#TRAINING_SUBSET_VAL} by default; never an unseen generator's)
 * @param holdoutFraction the fraction of the training split held out for {@link
 *     CheckpointSelection#HOLDOUT_FROM_TRAINING}, in (0, 0.5]
 * @param degradationTarget which class a degradation hits ({@link DegradationTarget#BOTH} by default)
 * @param smallImagePolicy what happens to images smaller than the detector's input ({@link
 *     SmallImagePolicy#RESIZE} by default)
 * @param seed the seed of random degradations (one generator per sample, from this seed and the
 *     sample id) and of the hold-out split
 * @param evaluation the threshold, bootstrap and oracle settings of the metrics
 * @param biasControl what is done against the format and size shortcuts, applied to every dataset
 *     of the protocol ({@link BiasControl#none()} by default); its balancing draw uses {@code seed}
 */
public record ProtocolSettings(CheckpointSelection checkpointSelection, double holdoutFraction,
    DegradationTarget degradationTarget, SmallImagePolicy smallImagePolicy, long seed,
    EvaluationOptions evaluation, BiasControl biasControl) {
  /**
   * Validates the components.
   *
   * @throws BadArgumentException for a null component or a hold-out fraction outside (0, 0.5]
   */
  public ProtocolSettings {
    Checks.notNull("checkpointSelection", checkpointSelection);
    if (!(holdoutFraction > 0 && holdoutFraction <= 0.5)) {
      throw new BadArgumentException("holdoutFraction", holdoutFraction, "(0, 0.5]");
    }
    Checks.notNull("degradationTarget", degradationTarget);
    Checks.notNull("smallImagePolicy", smallImagePolicy);
    Checks.notNull("evaluation", evaluation);
    Checks.notNull("biasControl", biasControl);
  }

  /**
   * The defaults: training subset's val selects checkpoints, degradations hit both classes, small
   * images are resized, seed 0, {@link EvaluationOptions#defaults()}, no bias control.
   *
   * @return the defaults
   */
  public static ProtocolSettings defaults() {
    return new ProtocolSettings(CheckpointSelection.TRAINING_SUBSET_VAL, 0.1, DegradationTarget.BOTH,
        SmallImagePolicy.RESIZE, 0L, EvaluationOptions.defaults(), BiasControl.none());
  }

  /**
   * A copy with another checkpoint selection.
   *
   * @param value the selection
   * @return the copy
   */
  public ProtocolSettings withCheckpointSelection(CheckpointSelection value) {
    return new ProtocolSettings(value, holdoutFraction, degradationTarget, smallImagePolicy, seed,
        evaluation, biasControl);
  }

  /**
   * A copy with another hold-out fraction.
   *
   * @param value the fraction in (0, 0.5]
   * @return the copy
   */
  public ProtocolSettings withHoldoutFraction(double value) {
    return new ProtocolSettings(checkpointSelection, value, degradationTarget, smallImagePolicy, seed,
        evaluation, biasControl);
  }

  /**
   * A copy with another degradation target.
   *
   * @param value the target
   * @return the copy
   */
  public ProtocolSettings withDegradationTarget(DegradationTarget value) {
    return new ProtocolSettings(checkpointSelection, holdoutFraction, value, smallImagePolicy, seed,
        evaluation, biasControl);
  }

  /**
   * A copy with another small-image policy.
   *
   * @param value the policy
   * @return the copy
   */
  public ProtocolSettings withSmallImagePolicy(SmallImagePolicy value) {
    return new ProtocolSettings(checkpointSelection, holdoutFraction, degradationTarget, value, seed,
        evaluation, biasControl);
  }

  /**
   * A copy with another seed.
   *
   * @param value the seed
   * @return the copy
   */
  public ProtocolSettings withSeed(long value) {
    return new ProtocolSettings(checkpointSelection, holdoutFraction, degradationTarget,
        smallImagePolicy, value, evaluation, biasControl);
  }

  /**
   * A copy with other metric settings.
   *
   * @param value the settings
   * @return the copy
   */
  public ProtocolSettings withEvaluation(EvaluationOptions value) {
    return new ProtocolSettings(checkpointSelection, holdoutFraction, degradationTarget,
        smallImagePolicy, seed, value, biasControl);
  }

  /**
   * A copy with another bias control.
   *
   * @param value the control
   * @return the copy
   */
  public ProtocolSettings withBiasControl(BiasControl value) {
    return new ProtocolSettings(checkpointSelection, holdoutFraction, degradationTarget,
        smallImagePolicy, seed, evaluation, value);
  }

  /**
   * Every setting as text, for provenance and reports.
   *
   * @return an ordered map
   */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("checkpointSelection", checkpointSelection.name());
    if (checkpointSelection == CheckpointSelection.HOLDOUT_FROM_TRAINING) {
      m.put("holdoutFraction", Double.toString(holdoutFraction));
    }
    m.put("degradationTarget", degradationTarget.name());
    m.put("smallImagePolicy", smallImagePolicy.name());
    m.put("seed", Long.toString(seed));
    m.putAll(evaluation.describe());
    m.put("biasControl", biasControl.text());
    return m;
  }
}
