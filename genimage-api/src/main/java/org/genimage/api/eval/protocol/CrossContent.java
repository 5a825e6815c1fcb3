package org.genimage.api.eval.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Checks;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.ImageTransform;
import org.genimage.api.eval.ExperimentPlan;
import org.genimage.api.eval.Protocol;
import org.genimage.api.eval.ProtocolSettings;
import org.genimage.api.eval.RunOutcome;
import org.genimage.api.eval.ScoreCell;
import org.genimage.api.eval.TrainCell;

/**
 * The cross-content protocol (the paper's task 4): a detector trained on one dataset (GenImage)
 * tested on others of different content (faces, art).
 *
 * <pre>{@code
 * CrossContent p = CrossContent.builder()
 *     .detector("sd14", detector)
 *     .target("lfw-faces", faces)
 *     .target("laion-art", art)
 *     .build();
 * }</pre>
 */
public final class CrossContent implements Protocol<CrossContentResult> {
  /** The protocol's name in results. */
  public static final String NAME = "cross-content";

  private final ExperimentPlan plan;
  private final String trainedOn;
  private final List<String> targets;

  private CrossContent(ExperimentPlan plan, String trainedOn, List<String> targets) {
    this.plan = plan;
    this.trainedOn = trainedOn;
    this.targets = targets;
  }

  /**
   * A builder. Required: a detector or trainer and at least one target.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ExperimentPlan plan() {
    return plan;
  }

  @Override
  public CrossContentResult assemble(RunOutcome outcome) {
    return new CrossContentResult(plan.settings(), outcome.provenance(), trainedOn,
        targets.stream().map(t -> outcome.cell("score-on-" + TrainCell.safe(t))).toList());
  }

  /** Configures a {@link CrossContent} protocol. */
  public static final class Builder {
    private DetectorSource source;
    private final Map<String, Dataset> targets = new LinkedHashMap<>();
    private ProtocolSettings settings = ProtocolSettings.defaults();

    private Builder() {}

    /**
     * Uses a trained detector.
     *
     * @param trainedOn what it was trained on
     * @param detector the detector (the caller closes it)
     * @return this builder
     */
    public Builder detector(String trainedOn, Detector detector) {
      this.source = DetectorSource.given(trainedOn, detector);
      return this;
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
    public Builder trainer(DetectorTrainer trainer, String trainedOn, Dataset training,
        Dataset validation) {
      this.source = DetectorSource.trained(trainer, trainedOn, training, validation);
      return this;
    }

    /**
     * Adds a target dataset of other content.
     *
     * @param name its name for reports ({@code "lfw-faces"})
     * @param dataset the balanced real/fake test set
     * @return this builder
     */
    public Builder target(String name, Dataset dataset) {
      Checks.notBlank("name", name);
      if (targets.put(name, Checks.notNull("dataset", dataset)) != null) {
        throw new BadArgumentException("name", name, "a target name not used before");
      }
      return this;
    }

    /**
     * Sets the protocol settings (default {@link ProtocolSettings#defaults()}).
     *
     * @param value the settings
     * @return this builder
     */
    public Builder settings(ProtocolSettings value) {
      this.settings = Checks.notNull("settings", value);
      return this;
    }

    /**
     * Builds the protocol.
     *
     * @return the protocol
     * @throws BadArgumentException if the detector or targets are missing
     */
    public CrossContent build() {
      if (source == null) {
        throw new BadArgumentException("detector", "is missing: call detector(...) or trainer(...)");
      }
      Checks.notEmpty("targets", targets.keySet());
      List<TrainCell> trainCells = new ArrayList<>();
      Map<String, ExperimentPlan.GivenDetector> given = new LinkedHashMap<>();
      String key = source.addTo(source.given() != null ? "given-detector" : "train-detector",
          trainCells, given, settings);
      List<ScoreCell> cells = new ArrayList<>();
      targets.forEach((n, d) -> cells.add(new ScoreCell("score-on-" + TrainCell.safe(n), key, n, d,
          ScoreCell.CLEAN, ImageTransform.identity())));
      return new CrossContent(new ExperimentPlan(trainCells, given, cells, settings),
          source.trainedOn(), List.copyOf(targets.keySet()));
    }
  }
}
