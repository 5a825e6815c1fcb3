package org.genimage.eval.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.ImageTransform;
import org.genimage.api.internal.Checks;
import org.genimage.eval.ExperimentPlan;
import org.genimage.eval.RunOutcome;
import org.genimage.eval.ScoreCell;
import org.genimage.eval.TrainCell;

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
public final class CrossContent extends BaseProtocol<CrossContentResult> {
  /** The protocol's name in results. */
  public static final String NAME = "cross-content";

  private final String trainedOn;
  private final List<String> targets;

  private CrossContent(ExperimentPlan plan, String trainedOn, List<String> targets) {
    super(NAME, plan);
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
  public CrossContentResult assemble(RunOutcome outcome) {
    return new CrossContentResult(plan().settings(), outcome.provenance(), trainedOn,
        targets.stream().map(t -> outcome.cell("score-on-" + TrainCell.safe(t))).toList());
  }

  /** Configures a {@link CrossContent} protocol. */
  public static final class Builder extends SourceBuilder<Builder> {
    private final Map<String, Dataset> targets = new LinkedHashMap<>();

    private Builder() {}

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
     * Builds the protocol.
     *
     * @return the protocol
     * @throws BadArgumentException if the detector or targets are missing
     */
    public CrossContent build() {
      DetectorSource source = requireSource();
      Checks.notEmpty("targets", targets.keySet());
      List<TrainCell> trainCells = new ArrayList<>();
      Map<String, ExperimentPlan.GivenDetector> given = new LinkedHashMap<>();
      String key = addSource(trainCells, given);
      List<ScoreCell> cells = new ArrayList<>();
      targets.forEach((n, d) -> cells.add(new ScoreCell("score-on-" + TrainCell.safe(n), key, n, d,
          ScoreCell.CLEAN, ImageTransform.identity())));
      return new CrossContent(new ExperimentPlan(trainCells, given, cells, settings),
          source.trainedOn(), List.copyOf(targets.keySet()));
    }
  }
}
