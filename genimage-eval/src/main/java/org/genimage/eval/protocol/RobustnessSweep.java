package org.genimage.eval.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.ImageTransform;
import org.genimage.api.internal.Checks;
import org.genimage.eval.ExperimentPlan;
import org.genimage.eval.RunOutcome;
import org.genimage.eval.ScoreCell;
import org.genimage.eval.TrainCell;

/**
 * The robustness-sweep protocol: several detectors tested on one test set under a degradation at a
 * range of levels (JPEG quality 100 down to 30, blur sigma 0 to 5, down-scaling 1 to 0.25, or a
 * chain such as a social-media pipeline: resize, then JPEG), giving a curve of each metric against
 * the level per detector. The caller builds the transform of every level (genimage-degrade has
 * them); this module never depends on it. Every (detector, sweep, level) is one score cell of the
 * {@link org.genimage.eval.Experiment} runner, so a sweep resumes after a crash like the other
 * protocols, and which class a degradation hits and the seed of random ones come from {@link
 * org.genimage.eval.ProtocolSettings}.
 *
 * <pre>{@code
 * Map<String, ImageTransform> jpeg = new LinkedHashMap<>();
 * for (int q : new int[] {100, 70, 50, 30}) {
 *   jpeg.put(Integer.toString(q), JpegCompression.of(q));          // mildest first
 * }
 * RobustnessSweep p = RobustnessSweep.builder()
 *     .detector("resnet", "sd14", resnet)                            // any number of detectors
 *     .trainer("cnnspot", cnnspotTrainer, "sd14", sd14Train, sd14Val)
 *     .testSet("sd14", sd14Val)
 *     .sweep("jpeg", "JPEG quality", jpeg)                           // any number of sweeps
 *     .build();
 * RobustnessSweepResult r = experiment.run(p);
 * double[] auc = r.curve("resnet", "jpeg", MetricId.ROC_AUC);        // one value per level
 * }</pre>
 */
public final class RobustnessSweep extends BaseProtocol<RobustnessSweepResult> {
  /** The protocol's name in results. */
  public static final String NAME = "robustness";

  private final String testName;
  private final List<String> detectors;
  private final List<RobustnessSweepResult.Sweep> sweeps;
  private final List<String> detectorKeys;

  private RobustnessSweep(ExperimentPlan plan, String testName, List<String> detectors,
      List<String> detectorKeys, List<RobustnessSweepResult.Sweep> sweeps) {
    super(NAME, plan);
    this.testName = testName;
    this.detectors = detectors;
    this.detectorKeys = detectorKeys;
    this.sweeps = sweeps;
  }

  /**
   * A builder. Required: at least one detector (given or trained), a test set and at least one
   * sweep.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The score cell of a detector key, sweep and level: a file-name-safe id. */
  static String cellId(String detectorKey, String sweep, String level) {
    return "score-" + detectorKey + "-" + TrainCell.safe(sweep) + "-" + TrainCell.safe(level);
  }

  /** The condition name of a sweep's level in reports and cell files ({@code "jpeg:30"}). */
  static String condition(String sweep, String level) {
    return sweep + ":" + level;
  }

  @Override
  public RobustnessSweepResult assemble(RunOutcome outcome) {
    List<org.genimage.eval.CellResult> cells = new ArrayList<>();
    for (String key : detectorKeys) {
      for (RobustnessSweepResult.Sweep s : sweeps) {
        for (String level : s.levels()) {
          cells.add(outcome.cell(cellId(key, s.name(), level)));
        }
      }
    }
    return new RobustnessSweepResult(plan().settings(), outcome.provenance(), testName, detectors,
        sweeps, cells);
  }

  /** Configures a {@link RobustnessSweep}. */
  public static final class Builder extends SettingsBuilder<Builder> {
    private final Map<String, DetectorSource> sources = new LinkedHashMap<>();
    private final Map<String, Map<String, ImageTransform>> sweeps = new LinkedHashMap<>();
    private final Map<String, String> axes = new LinkedHashMap<>();
    private String testName;
    private Dataset test;

    private Builder() {}

    /**
     * Adds a trained detector.
     *
     * @param name its name in the curves and tables ({@code "resnet"}), unique in the sweep
     * @param trainedOn what it was trained on ({@code "sd14"})
     * @param detector the detector (the caller closes it)
     * @return this builder
     */
    public Builder detector(String name, String trainedOn, Detector detector) {
      return source(name, DetectorSource.given(trainedOn, detector));
    }

    /**
     * Adds a detector trained as part of the run.
     *
     * @param name its name in the curves and tables, unique in the sweep
     * @param trainer the trainer
     * @param trainedOn the training data's name
     * @param training the training set
     * @param validation the checkpoint set (may be null under hold-out checkpoint selection)
     * @return this builder
     */
    public Builder trainer(String name, DetectorTrainer trainer, String trainedOn,
        Dataset training, Dataset validation) {
      return source(name, DetectorSource.trained(trainer, trainedOn, training, validation));
    }

    private Builder source(String name, DetectorSource source) {
      Checks.notBlank("name", name);
      if (sources.containsKey(name)) {
        throw new BadArgumentException("name", name, "a detector name not used before");
      }
      sources.put(name, source);
      return this;
    }

    /**
     * Sets the test set every level is applied to.
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
     * Adds a sweep: one degradation (or chain) at several levels.
     *
     * @param name the sweep's name ({@code "jpeg"}, {@code "social"}), unique
     * @param levelAxis what the levels measure, for the curves' axis ({@code "JPEG quality"})
     * @param levels level label to its transform, mildest first (an identity level is allowed:
     *     blur sigma 0); at least one, labels unique
     * @return this builder
     */
    public Builder sweep(String name, String levelAxis, Map<String, ? extends ImageTransform> levels) {
      Checks.notBlank("name", name);
      Checks.notBlank("levelAxis", levelAxis);
      Checks.notEmpty("levels", Checks.notNull("levels", levels).keySet());
      if (sweeps.containsKey(name)) {
        throw new BadArgumentException("name", name, "a sweep name not used before");
      }
      Map<String, ImageTransform> copy = new LinkedHashMap<>();
      levels.forEach((label, t) -> copy.put(Checks.notBlank("level label", label),
          Checks.notNull("levels[" + label + "]", t)));
      sweeps.put(name, Collections.unmodifiableMap(copy));
      axes.put(name, levelAxis);
      return this;
    }

    /**
     * Builds the protocol.
     *
     * @return the protocol
     * @throws BadArgumentException if the detectors, test set or sweeps are missing, or two cells
     *     would share a file name
     */
    public RobustnessSweep build() {
      if (sources.isEmpty()) {
        throw new BadArgumentException("detector", "is missing: call detector(...) or "
            + "trainer(...) at least once");
      }
      if (test == null) {
        throw new BadArgumentException("testSet", "is missing: call testSet(name, dataset)");
      }
      Checks.notEmpty("sweeps", sweeps.keySet());
      List<TrainCell> trainCells = new ArrayList<>();
      Map<String, ExperimentPlan.GivenDetector> given = new LinkedHashMap<>();
      List<ScoreCell> cells = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      sources.forEach((name, source) -> {
        String key = source.addTo((source.given() != null ? "given-" : "train-")
            + TrainCell.safe(name), trainCells, given, settings);
        keys.add(key);
        sweeps.forEach((sweep, levels) -> levels.forEach((level, t) -> cells.add(new ScoreCell(
            cellId(key, sweep, level), key, testName, test, condition(sweep, level), t))));
      });
      List<RobustnessSweepResult.Sweep> described = new ArrayList<>();
      sweeps.forEach((sweep, levels) -> described.add(new RobustnessSweepResult.Sweep(sweep,
          axes.get(sweep), List.copyOf(levels.keySet()))));
      return new RobustnessSweep(new ExperimentPlan(trainCells, given, cells, settings), testName,
          List.copyOf(sources.keySet()), List.copyOf(keys), List.copyOf(described));
    }
  }
}
