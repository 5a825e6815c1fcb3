package org.genimage.eval.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.ImageTransform;
import org.genimage.api.internal.Checks;
import org.genimage.eval.ExperimentPlan;
import org.genimage.eval.RunOutcome;
import org.genimage.eval.ScoreCell;
import org.genimage.eval.TrainCell;

/**
 * The class-count protocol (the paper's task 3): train on images of 10, 50 or 100 ImageNet classes
 * (a fixed number of images per class, drawn by the caller's sampler, e.g. genimage-dataset's), test
 * every detector on one test set covering all classes.
 *
 * <pre>{@code
 * ClassCount p = ClassCount.builder()
 *     .trainer(trainer)
 *     .classCounts(10, 50, 100)
 *     .trainingSets(n -> sampler.classes(n, 42).imagesPerClass(100))
 *     .validationSets(n -> sampler.validation(n))
 *     .testSet("all-1000", allClassesTest)
 *     .build();
 * }</pre>
 */
public final class ClassCount extends BaseProtocol<ClassCountResult> {
  /** The protocol's name in results. */
  public static final String NAME = "class-count";

  private final String testName;
  private final List<Integer> counts;

  private ClassCount(ExperimentPlan plan, String testName, List<Integer> counts) {
    super(NAME, plan);
    this.testName = testName;
    this.counts = counts;
  }

  /**
   * A builder. Required: a trainer, training sets and a test set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ClassCountResult assemble(RunOutcome outcome) {
    return new ClassCountResult(plan().settings(), outcome.provenance(), testName, counts,
        counts.stream().map(n -> outcome.cell("score-classes-" + n)).toList());
  }

  /** Configures a {@link ClassCount} protocol. */
  public static final class Builder extends SettingsBuilder<Builder> {
    private DetectorTrainer trainer;
    private List<Integer> counts = List.of(10, 50, 100);
    private IntFunction<Dataset> training;
    private IntFunction<Dataset> validation;
    private String testName;
    private Dataset test;

    private Builder() {}

    /**
     * Sets the trainer.
     *
     * @param value the trainer
     * @return this builder
     */
    public Builder trainer(DetectorTrainer value) {
      this.trainer = Checks.notNull("trainer", value);
      return this;
    }

    /**
     * Sets the class counts (default 10, 50, 100).
     *
     * @param values positive, distinct counts
     * @return this builder
     */
    public Builder classCounts(int... values) {
      List<Integer> list = new ArrayList<>();
      for (int v : Checks.notNull("values", values)) {
        Checks.positive("classCount", v);
        if (list.contains(v)) {
          throw new BadArgumentException("classCount", v, "distinct counts");
        }
        list.add(v);
      }
      this.counts = List.copyOf(Checks.notEmpty("classCounts", list));
      return this;
    }

    /**
     * Sets the sampler of training sets: class count to a training set of that many classes.
     *
     * @param sampler the sampler; called once per count when the protocol is built
     * @return this builder
     */
    public Builder trainingSets(IntFunction<Dataset> sampler) {
      this.training = Checks.notNull("sampler", sampler);
      return this;
    }

    /**
     * Sets the checkpoint sets per class count (same classes as training, never the test set).
     * Not needed under hold-out checkpoint selection.
     *
     * @param sampler class count to validation set
     * @return this builder
     */
    public Builder validationSets(IntFunction<Dataset> sampler) {
      this.validation = Checks.notNull("sampler", sampler);
      return this;
    }

    /**
     * Sets the test set (the paper's: all 1000 classes, 50 generated images per class from all
     * eight generators, balanced with real).
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
     * Builds the protocol, drawing the training sets.
     *
     * @return the protocol
     * @throws BadArgumentException if the trainer, sampler or test set is missing
     */
    public ClassCount build() {
      Checks.notNull("trainer", trainer);
      Checks.notNull("trainingSets", training);
      if (test == null) {
        throw new BadArgumentException("testSet", "is missing: call testSet(name, dataset)");
      }
      List<TrainCell> trainCells = new ArrayList<>();
      Map<String, ExperimentPlan.GivenDetector> given = new LinkedHashMap<>();
      List<ScoreCell> cells = new ArrayList<>();
      for (int n : counts) {
        Dataset train = Checks.notNull("trainingSets(" + n + ")", training.apply(n));
        Dataset val = validation == null ? null : validation.apply(n);
        String key = DetectorSource.trained(trainer, n + " classes", train, val)
            .addTo("train-classes-" + n, trainCells, given, settings);
        cells.add(new ScoreCell("score-classes-" + n, key, testName, test, ScoreCell.CLEAN,
            ImageTransform.identity()));
      }
      return new ClassCount(new ExperimentPlan(trainCells, given, cells, settings), testName,
          counts);
    }
  }
}
