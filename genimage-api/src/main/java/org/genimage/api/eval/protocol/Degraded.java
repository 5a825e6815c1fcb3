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
import org.genimage.api.eval.CellResult;
import org.genimage.api.eval.ExperimentPlan;
import org.genimage.api.eval.Protocol;
import org.genimage.api.eval.ProtocolSettings;
import org.genimage.api.eval.RunOutcome;
import org.genimage.api.eval.ScoreCell;
import org.genimage.api.eval.TrainCell;

/**
 * The degraded-image protocol (the paper's task 2): one detector tested on a test set clean and under
 * each named degradation the caller passes (the paper's six come from genimage-degrade). Which class
 * a degradation hits and the seed of random ones come from {@link ProtocolSettings}.
 *
 * <pre>{@code
 * Degraded p = Degraded.builder()
 *     .detector("sd14", detector)            // or .trainer(trainer, "sd14", train, val)
 *     .testSet("sd14", sd14Val)
 *     .degradation("jpeg_q30", jpeg30)       // any ImageTransform, in report order
 *     .degradation("blur_s3", blur3)
 *     .build();
 * }</pre>
 */
public final class Degraded implements Protocol<DegradedResult> {
  /** The protocol's name in results. */
  public static final String NAME = "degraded";

  private final ExperimentPlan plan;
  private final String testName;
  private final List<String> conditions;

  private Degraded(ExperimentPlan plan, String testName, List<String> conditions) {
    this.plan = plan;
    this.testName = testName;
    this.conditions = conditions;
  }

  /**
   * A builder. Required: a detector or trainer, a test set and at least one degradation.
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
  public DegradedResult assemble(RunOutcome outcome) {
    CellResult clean = outcome.cell("score-" + ScoreCell.CLEAN);
    List<CellResult> degraded = new ArrayList<>();
    for (String c : conditions) {
      degraded.add(outcome.cell("score-" + TrainCell.safe(c)));
    }
    return new DegradedResult(plan.settings(), outcome.provenance(), testName, clean, degraded);
  }

  /** Configures a {@link Degraded} protocol. */
  public static final class Builder {
    private DetectorSource source;
    private String testName;
    private Dataset test;
    private final Map<String, ImageTransform> degradations = new LinkedHashMap<>();
    private ProtocolSettings settings = ProtocolSettings.defaults();

    private Builder() {}

    /**
     * Uses a trained detector.
     *
     * @param trainedOn what it was trained on ({@code "sd14"} lets reports show the paper's row)
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
     * Sets the test set.
     *
     * @param name its name for reports
     * @param dataset the test set
     * @return this builder
     */
    public Builder testSet(String name, Dataset dataset) {
      this.testName = Checks.notBlank("name", name);
      this.test = Checks.notNull("dataset", dataset);
      return this;
    }

    /**
     * Adds a degradation. The clean baseline is always added.
     *
     * @param name its name for reports ({@code "jpeg_q30"}); not {@code "clean"}
     * @param transform the degradation
     * @return this builder
     */
    public Builder degradation(String name, ImageTransform transform) {
      Checks.notBlank("name", name);
      if (ScoreCell.CLEAN.equals(name) || degradations.containsKey(name)) {
        throw new BadArgumentException("name", name, "a new name other than \"clean\"");
      }
      degradations.put(name, Checks.notNull("transform", transform));
      return this;
    }

    /**
     * Adds several degradations in the map's order.
     *
     * @param named degradations by name
     * @return this builder
     */
    public Builder degradations(Map<String, ? extends ImageTransform> named) {
      Checks.notNull("named", named).forEach(this::degradation);
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
     * @throws BadArgumentException if the detector, test set or degradations are missing
     */
    public Degraded build() {
      if (source == null) {
        throw new BadArgumentException("detector", "is missing: call detector(...) or trainer(...)");
      }
      if (test == null) {
        throw new BadArgumentException("testSet", "is missing: call testSet(name, dataset)");
      }
      Checks.notEmpty("degradations", degradations.keySet());
      List<TrainCell> trainCells = new ArrayList<>();
      Map<String, ExperimentPlan.GivenDetector> given = new LinkedHashMap<>();
      String key = source.addTo(source.given() != null ? "given-detector" : "train-detector",
          trainCells, given, settings);
      List<ScoreCell> cells = new ArrayList<>();
      cells.add(new ScoreCell("score-" + ScoreCell.CLEAN, key, testName, test, ScoreCell.CLEAN,
          ImageTransform.identity()));
      degradations.forEach((n, t) -> cells.add(
          new ScoreCell("score-" + TrainCell.safe(n), key, testName, test, n, t)));
      return new Degraded(new ExperimentPlan(trainCells, given, cells, settings), testName,
          List.copyOf(degradations.keySet()));
    }
  }
}
