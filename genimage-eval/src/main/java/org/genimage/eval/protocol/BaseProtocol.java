package org.genimage.eval.protocol;

import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.internal.Checks;
import org.genimage.eval.BiasControls;
import org.genimage.eval.ExperimentPlan;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.Protocol;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.TrainCell;

/**
 * What the four protocols share: a fixed name and the plan their builder made, plus the builder
 * methods for settings and for a single detector source. Package-private so the public api stays the
 * four protocol classes and their {@code Builder}s; the inherited builder methods are public and
 * return the concrete builder, so call chains read as if each builder declared them. (In bytecode
 * they return the erased base type: classes compiled against builders that declared these methods
 * themselves must be recompiled, or they fail with {@code NoSuchMethodError}.)
 *
 * @param <R> the protocol's result type
 */
abstract class BaseProtocol<R extends ExperimentResult> implements Protocol<R> {
  private final String name;
  private final ExperimentPlan plan;

  /**
   * Takes the plan the builder made, with its datasets put under the settings' bias control here,
   * once for all four protocols.
   */
  BaseProtocol(String name, ExperimentPlan plan) {
    this.name = name;
    this.plan = BiasControls.apply(plan);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final ExperimentPlan plan() {
    return plan;
  }

  /**
   * Holds the settings every protocol builder takes.
   *
   * @param <B> the concrete builder, returned by every setter for chaining
   */
  abstract static class SettingsBuilder<B extends SettingsBuilder<B>> {
    ProtocolSettings settings = ProtocolSettings.defaults();

    SettingsBuilder() {}

    /** This builder as its concrete type; every subclass binds {@code B} to itself. */
    @SuppressWarnings("unchecked")
    final B self() {
      return (B) this;
    }

    /**
     * Sets the protocol settings (default {@link ProtocolSettings#defaults()}).
     *
     * @param value the settings
     * @return this builder
     */
    public B settings(ProtocolSettings value) {
      this.settings = Checks.notNull("settings", value);
      return self();
    }
  }

  /**
   * A builder whose protocol tests one detector, given ready-made or trained as part of the run.
   *
   * @param <B> the concrete builder, returned by every setter for chaining
   */
  abstract static class SourceBuilder<B extends SourceBuilder<B>> extends SettingsBuilder<B> {
    private DetectorSource source;

    SourceBuilder() {}

    /**
     * Uses a trained detector.
     *
     * @param trainedOn what it was trained on ({@code "sd14"} lets reports show the paper's row)
     * @param detector the detector (the caller closes it)
     * @return this builder
     */
    public B detector(String trainedOn, Detector detector) {
      this.source = DetectorSource.given(trainedOn, detector);
      return self();
    }

    /**
     * Trains the detector as part of the run.
     *
     * @param trainer the trainer
     * @param trainedOn the training data's name
     * @param training the training set
     * @param validation the checkpoint set (may be null under hold-out checkpoint selection)
     * @return this builder
     */
    public B trainer(DetectorTrainer trainer, String trainedOn, Dataset training,
        Dataset validation) {
      this.source = DetectorSource.trained(trainer, trainedOn, training, validation);
      return self();
    }

    /**
     * The detector source. Builders check it first, before their own parts, so a builder missing
     * several parts reports the detector.
     *
     * @return the source set last
     * @throws BadArgumentException if neither detector(...) nor trainer(...) was called
     */
    final DetectorSource requireSource() {
      if (source == null) {
        throw new BadArgumentException("detector", "is missing: call detector(...) or trainer(...)");
      }
      return source;
    }

    /**
     * Adds the source to the plan's parts under {@code given-detector} or {@code train-detector},
     * applying the settings' checkpoint rule.
     *
     * @param trainCells the plan's train cells, added to when the detector is trained
     * @param given the plan's given detectors, added to when the detector is ready-made
     * @return the key score cells use for it
     */
    final String addSource(List<TrainCell> trainCells,
        Map<String, ExperimentPlan.GivenDetector> given) {
      DetectorSource s = requireSource();
      return s.addTo(s.given() != null ? "given-detector" : "train-detector", trainCells, given,
          settings);
    }
  }
}
