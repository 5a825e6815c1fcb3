package org.genimage.eval.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.ImageTransform;
import org.genimage.api.internal.Checks;
import org.genimage.eval.CellResult;
import org.genimage.eval.ExperimentPlan;
import org.genimage.eval.RunOutcome;
import org.genimage.eval.ScoreCell;
import org.genimage.eval.TrainCell;

/**
 * The cross-generator protocol (the paper's task 1): train on one subset, test on the val split of
 * every subset; or train on each subset for the full matrix with row and column averages.
 *
 * <pre>{@code
 * CrossGenerator p = CrossGenerator.builder()
 *     .trainer(trainer)
 *     .subset("sd14", sd14Train, sd14Val)
 *     .subset("biggan", bigganTrain, bigganVal)
 *     .trainOn("sd14")              // leave out: every subset with a training split (full matrix)
 *     .build();
 * }</pre>
 */
public final class CrossGenerator extends BaseProtocol<CrossGeneratorResult> {
  /** The protocol's name in results. */
  public static final String NAME = "cross-generator";

  private final List<String> rows;
  private final List<String> columns;

  private CrossGenerator(ExperimentPlan plan, List<String> rows, List<String> columns) {
    super(NAME, plan);
    this.rows = rows;
    this.columns = columns;
  }

  /**
   * A builder. Required: at least one {@link Builder#subset} (or {@link Builder#testSubset}) and a
   * trainer or pre-trained detectors.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  static String cellId(String row, String column) {
    return "score-" + TrainCell.safe(row) + "-on-" + TrainCell.safe(column);
  }

  @Override
  public CrossGeneratorResult assemble(RunOutcome outcome) {
    List<CellResult> cells = new ArrayList<>();
    for (String r : rows) {
      for (String c : columns) {
        cells.add(outcome.cell(cellId(r, c)));
      }
    }
    return new CrossGeneratorResult(plan().settings(), outcome.provenance(), rows, columns, cells);
  }

  /** Configures a {@link CrossGenerator}. */
  public static final class Builder extends SettingsBuilder<Builder> {
    private record Subset(Dataset train, Dataset val) {}

    private final Map<String, Subset> subsets = new LinkedHashMap<>();
    private final Map<String, Detector> pretrained = new LinkedHashMap<>();
    private final List<String> trainOn = new ArrayList<>();
    private DetectorTrainer trainer;

    private Builder() {}

    /**
     * Adds a subset with its training and val splits. Its val split is its test set and, under the
     * default checkpoint rule, the checkpoint split of a detector trained on it.
     *
     * @param name the subset's name, ideally a generator id ({@code "sd14"}) so reports can match
     *     the paper's tables
     * @param train its training split
     * @param val its val split
     * @return this builder
     */
    public Builder subset(String name, Dataset train, Dataset val) {
      put(name, new Subset(Checks.notNull("train", train), Checks.notNull("val", val)));
      return this;
    }

    /**
     * Adds a subset that is only tested on.
     *
     * @param name the subset's name
     * @param val its val split
     * @return this builder
     */
    public Builder testSubset(String name, Dataset val) {
      put(name, new Subset(null, Checks.notNull("val", val)));
      return this;
    }

    private void put(String name, Subset s) {
      Checks.notBlank("name", name);
      if (subsets.put(name, s) != null) {
        throw new BadArgumentException("name", name, "a subset name not used before");
      }
    }

    /**
     * Sets the trainer that makes one detector per training subset.
     *
     * @param value the trainer
     * @return this builder
     */
    public Builder trainer(DetectorTrainer value) {
      this.trainer = Checks.notNull("trainer", value);
      return this;
    }

    /**
     * Uses a detector already trained on a subset instead of training one.
     *
     * @param subsetName the subset it was trained on
     * @param detector the detector (the caller closes it)
     * @return this builder
     */
    public Builder pretrained(String subsetName, Detector detector) {
      pretrained.put(Checks.notBlank("subsetName", subsetName), Checks.notNull("detector", detector));
      return this;
    }

    /**
     * Chooses the training subsets (the rows). Default: every pre-trained detector, or, with a
     * trainer, every subset with a training split (the full matrix).
     *
     * @param names subset names
     * @return this builder
     */
    public Builder trainOn(String... names) {
      for (String n : names) {
        trainOn.add(Checks.notBlank("name", n));
      }
      return this;
    }

    /**
     * Builds the protocol.
     *
     * @return the protocol
     * @throws BadArgumentException for an unknown subset name, a training subset without a training
     *     split, or neither trainer nor pre-trained detectors
     */
    public CrossGenerator build() {
      Checks.notEmpty("subsets", subsets.keySet());
      List<String> rows = new ArrayList<>(trainOn);
      if (rows.isEmpty()) {
        rows.addAll(pretrained.keySet());
        if (trainer != null) {
          subsets.forEach((n, s) -> {
            if (s.train() != null && !rows.contains(n)) {
              rows.add(n);
            }
          });
        }
      }
      if (rows.isEmpty()) {
        throw new BadArgumentException("trainer", "is missing: give a trainer with training "
            + "splits, or pre-trained detectors");
      }
      List<TrainCell> trainCells = new ArrayList<>();
      Map<String, ExperimentPlan.GivenDetector> given = new LinkedHashMap<>();
      List<ScoreCell> scoreCells = new ArrayList<>();
      List<String> columns = List.copyOf(subsets.keySet());
      for (String row : rows) {
        DetectorSource source;
        if (pretrained.containsKey(row)) {
          source = DetectorSource.given(row, pretrained.get(row));
        } else {
          Subset s = subsets.get(row);
          if (s == null || s.train() == null || trainer == null) {
            throw new BadArgumentException("trainOn", row, "a subset added with subset(name, train,"
                + " val) and a trainer, or a pre-trained detector");
          }
          source = DetectorSource.trained(trainer, row, s.train(), s.val());
        }
        String key = source.addTo((source.given() != null ? "given-" : "train-")
            + TrainCell.safe(row), trainCells, given, settings);
        for (String col : columns) {
          scoreCells.add(new ScoreCell(cellId(row, col), key, col, subsets.get(col).val(),
              ScoreCell.CLEAN, ImageTransform.identity()));
        }
      }
      return new CrossGenerator(new ExperimentPlan(trainCells, given, scoreCells, settings),
          List.copyOf(rows), columns);
    }
  }
}
