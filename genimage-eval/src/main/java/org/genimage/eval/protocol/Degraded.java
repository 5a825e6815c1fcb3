package org.genimage.eval.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.ImageTransform;
import org.genimage.api.internal.Checks;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentPlan;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.RunOutcome;
import org.genimage.eval.ScoreCell;
import org.genimage.eval.TrainCell;

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
public final class Degraded extends BaseProtocol<DegradedResult> {
  /** The protocol's name in results. */
  public static final String NAME = "degraded";

  private final String testName;
  private final List<String> conditions;

  private Degraded(ExperimentPlan plan, String testName, List<String> conditions) {
    super(NAME, plan);
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
  public DegradedResult assemble(RunOutcome outcome) {
    CellResult clean = outcome.cell("score-" + ScoreCell.CLEAN);
    List<CellResult> degraded = new ArrayList<>();
    for (String c : conditions) {
      degraded.add(outcome.cell("score-" + TrainCell.safe(c)));
    }
    return new DegradedResult(plan().settings(), outcome.provenance(), testName, clean, degraded);
  }

  /** Configures a {@link Degraded} protocol. */
  public static final class Builder extends SourceBuilder<Builder> {
    private String testName;
    private Dataset test;
    private final Map<String, ImageTransform> degradations = new LinkedHashMap<>();

    private Builder() {}

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
     * Builds the protocol.
     *
     * @return the protocol
     * @throws BadArgumentException if the detector, test set or degradations are missing
     */
    public Degraded build() {
      requireSource();
      if (test == null) {
        throw new BadArgumentException("testSet", "is missing: call testSet(name, dataset)");
      }
      Checks.notEmpty("degradations", degradations.keySet());
      List<TrainCell> trainCells = new ArrayList<>();
      Map<String, ExperimentPlan.GivenDetector> given = new LinkedHashMap<>();
      String key = addSource(trainCells, given);
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
