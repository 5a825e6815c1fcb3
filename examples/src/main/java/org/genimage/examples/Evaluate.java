package org.genimage.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.Detectors;
import org.genimage.api.ImageTransform;
import org.genimage.api.internal.Checks;
import org.genimage.dataset.Sampling;
import org.genimage.dataset.Split;
import org.genimage.degrade.GaussianBlur;
import org.genimage.degrade.JpegCompression;
import org.genimage.degrade.PaperDegradations;
import org.genimage.degrade.ResampleFilter;
import org.genimage.eval.Experiment;
import org.genimage.eval.ExperimentResult;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.protocol.ClassCount;
import org.genimage.eval.protocol.CrossContent;
import org.genimage.eval.protocol.CrossGenerator;
import org.genimage.eval.protocol.Degraded;
import org.genimage.eval.protocol.RobustnessSweep;
import org.genimage.eval.report.Report;
import org.genimage.eval.report.ReportFigure;

/**
 * The paper's four protocols and the robustness sweep on a dataset, through genimage-api's resumable experiment runner, each
 * writing a report (Markdown, CSV, JSON, figures). A detector is either trained by recipe name
 * ({@link DetectorRecipes}) or loaded from a saved file. Rerunning with the same run directory
 * resumes: finished training and scoring cells are reused.
 */
public final class Evaluate {
  private Evaluate() {}

  /** The paper's four protocols and the robustness sweep. */
  public enum ProtocolName {
    /** Train on one subset (or each), test on every subset's val split. */
    CROSS_GENERATOR("cross-generator"),
    /** One detector on clean and degraded images of one subset. */
    DEGRADED("degraded"),
    /** Train on 10/50/100 classes, test on all classes of every generator. */
    CLASS_COUNT("class-count"),
    /** A detector tested on other datasets (faces, art). */
    CROSS_CONTENT("cross-content"),
    /** Detectors on one subset under degradations at a range of levels (robustness curves). */
    ROBUSTNESS("robustness");

    private final String id;

    ProtocolName(String id) {
      this.id = id;
    }

    /**
     * The name on the command line.
     *
     * @return e.g. {@code cross-generator}
     */
    public String id() {
      return id;
    }

    /**
     * Parses a command-line name.
     *
     * @param name e.g. {@code degraded}
     * @return the protocol
     * @throws BadArgumentException naming the protocols
     */
    public static ProtocolName parse(String name) {
      for (ProtocolName p : values()) {
        if (p.id.equalsIgnoreCase(name) || p.name().equalsIgnoreCase(name)) {
          return p;
        }
      }
      throw new BadArgumentException("protocol", name,
          "cross-generator, degraded, class-count, cross-content or robustness");
    }
  }

  /**
   * What to evaluate. Either {@code detector} (a recipe to train) or {@code model} (a saved file)
   * is given.
   *
   * @param protocol the protocol
   * @param data the dataset root or manifest (GenImage layout)
   * @param detector a recipe name to train, or null
   * @param model a saved detector file, or null
   * @param trainOn the subsets to train on (cross-generator rows; empty: every subset); for the
   *     other protocols the first is the training subset (default {@code sd14})
   * @param training training settings for recipes
   * @param configs JSON configs of registry families
   * @param degradations {@code paper} (the paper's six) or {@code small} (scaled to 64-pixel
   *     images)
   * @param classCounts the class counts of the class-count protocol
   * @param perClass images per label per class in class-count training and test sets
   * @param targets cross-content targets: name to dataset root or manifest
   * @param settings the protocol settings recorded in the result
   * @param runDir the run directory (resume)
   * @param threads decoding and scoring threads
   * @param moreModels further saved detectors compared with the first in the robustness sweep
   *     (one curve each); empty for the other protocols
   * @param sweeps the robustness sweep's presets ({@link RobustnessPresets#NAMES})
   */
  public record Request(ProtocolName protocol, Path data, String detector, Path model,
      List<String> trainOn, TrainingSettings training, Map<String, JsonNode> configs,
      String degradations, int[] classCounts, int perClass, Map<String, Path> targets,
      ProtocolSettings settings, Path runDir, int threads, List<Path> moreModels,
      List<String> sweeps) {
    /** Validates. */
    public Request {
      Checks.notNull("protocol", protocol);
      if ((detector == null) == (model == null)) {
        throw new BadArgumentException("detector", "give either --detector NAME (trained here) or"
            + " --model FILE (a saved detector), not both or neither");
      }
      if (protocol != ProtocolName.CROSS_CONTENT) {
        Checks.notNull("data", data);
      }
      trainOn = List.copyOf(Checks.notNull("trainOn", trainOn));
      Checks.notNull("training", training);
      configs = Map.copyOf(Checks.notNull("configs", configs));
      Checks.notBlank("degradations", degradations);
      classCounts = Checks.notNull("classCounts", classCounts).clone();
      Checks.positive("perClass", perClass);
      targets = Map.copyOf(Checks.notNull("targets", targets));
      Checks.notNull("settings", settings);
      Checks.notNull("runDir", runDir);
      Checks.positive("threads", threads);
      moreModels = List.copyOf(Checks.notNull("moreModels", moreModels));
      sweeps = List.copyOf(Checks.notNull("sweeps", sweeps));
      if (!moreModels.isEmpty() && protocol != ProtocolName.ROBUSTNESS) {
        throw new BadArgumentException("model", "several --model files are compared by the "
            + "robustness protocol only; " + protocol.id() + " takes one");
      }
      if (protocol == ProtocolName.ROBUSTNESS) {
        Checks.notEmpty("sweeps", sweeps);
        sweeps.forEach(RobustnessPresets::preset); // an unknown preset fails before any work
      }
    }

    /**
     * A request of one detector and no sweep: the form before the robustness protocol existed.
     *
     * @param protocol the protocol
     * @param data the dataset root or manifest
     * @param detector a recipe name to train, or null
     * @param model a saved detector file, or null
     * @param trainOn the subsets to train on
     * @param training training settings for recipes
     * @param configs JSON configs of registry families
     * @param degradations {@code paper} or {@code small}
     * @param classCounts the class counts of the class-count protocol
     * @param perClass images per label per class in class-count sets
     * @param targets cross-content targets
     * @param settings the protocol settings
     * @param runDir the run directory
     * @param threads decoding and scoring threads
     */
    public Request(ProtocolName protocol, Path data, String detector, Path model,
        List<String> trainOn, TrainingSettings training, Map<String, JsonNode> configs,
        String degradations, int[] classCounts, int perClass, Map<String, Path> targets,
        ProtocolSettings settings, Path runDir, int threads) {
      this(protocol, data, detector, model, trainOn, training, configs, degradations,
          classCounts, perClass, targets, settings, runDir, threads, List.of(),
          protocol == ProtocolName.ROBUSTNESS ? List.of("jpeg") : List.of());
    }

    /**
     * The class counts (a copy).
     *
     * @return the counts
     */
    @Override
    public int[] classCounts() {
      return classCounts.clone();
    }
  }

  /**
   * An evaluation's outcome.
   *
   * @param result the protocol's result
   * @param reportDir where the report was written
   * @param report the report's Markdown file
   */
  public record Outcome(ExperimentResult result, Path reportDir, Path report) {}

  /**
   * Runs a protocol and writes its report to {@code <runDir>/report}.
   *
   * @param r the request
   * @param progress receives the runner's and trainers' progress
   * @return the result and report location
   */
  public static Outcome run(Request r, Progress progress) {
    Checks.notNull("request", r);
    Checks.notNull("progress", progress);
    if (r.detector() != null) {
      trainer(r); // an unknown recipe is a usage error, reported before any data is read
    }
    Experiment experiment = experiment(r.runDir(), r.threads(), progress);
    Detector model = r.model() != null ? Detectors.load(r.model()) : null;
    List<Detector> opened = new ArrayList<>();
    try {
      String trainedOn = r.trainOn().isEmpty() ? "sd14" : r.trainOn().get(0);
      List<ReportFigure> figures = new ArrayList<>();
      ExperimentResult result = switch (r.protocol()) {
        case CROSS_GENERATOR -> {
          Dataset data = DataSources.open(r.data(), progress);
          figures.add(SpectrumAnalysis.figure(DataSources.split(data, Split.VAL),
              r.training().inputSize(), 200));
          yield experiment.run(crossGenerator(data, r, model));
        }
        case DEGRADED -> {
          Dataset data = DataSources.open(r.data(), progress);
          Dataset test = DataSources.subset(data, Split.VAL, trainedOn);
          Degraded.Builder b = Degraded.builder().testSet(trainedOn, test)
              .degradations(degradations(r.degradations())).settings(r.settings());
          if (model != null) {
            b.detector(trainedOn, model);
          } else {
            b.trainer(trainer(r), trainedOn, DataSources.subset(data, Split.TRAIN, trainedOn),
                test);
          }
          yield experiment.run(b.build());
        }
        case CLASS_COUNT -> experiment.run(classCount(DataSources.open(r.data(), progress), r, trainedOn));
        case CROSS_CONTENT -> {
          CrossContent.Builder b = CrossContent.builder().settings(r.settings());
          if (model != null) {
            b.detector(trainedOn, model);
          } else {
            Dataset data = DataSources.open(Checks.notNull("data", r.data()), progress);
            b.trainer(trainer(r), trainedOn, DataSources.subset(data, Split.TRAIN, trainedOn),
                DataSources.subset(data, Split.VAL, trainedOn));
          }
          Checks.notEmpty("targets", r.targets().keySet());
          r.targets().forEach((name, path) -> b.target(name, DataSources.open(path, progress)));
          yield experiment.run(b.build());
        }
        case ROBUSTNESS -> {
          Dataset data = DataSources.open(r.data(), progress);
          Dataset test = DataSources.subset(data, Split.VAL, trainedOn);
          RobustnessSweep.Builder b = RobustnessSweep.builder().testSet(trainedOn, test)
              .settings(r.settings());
          Set<String> names = new HashSet<>();
          if (model != null) {
            b.detector(detectorName(model, r.model(), names), trainedOn, model);
          } else {
            b.trainer(r.detector(), trainer(r), trainedOn,
                DataSources.subset(data, Split.TRAIN, trainedOn), test);
            names.add(r.detector());
          }
          for (Path file : r.moreModels()) {
            Detector d = Detectors.load(file);
            opened.add(d);
            b.detector(detectorName(d, file, names), trainedOn, d);
          }
          r.sweeps().forEach(s -> RobustnessPresets.preset(s).addTo(b));
          yield experiment.run(b.build());
        }
      };
      Path reportDir = r.runDir().resolve("report");
      Report.Builder rb = Report.builder(result);
      figures.forEach(rb::figure);
      rb.build().writeTo(reportDir);
      return new Outcome(result, reportDir, reportDir.resolve(Report.MARKDOWN));
    } finally {
      if (model != null) {
        model.close();
      }
      opened.forEach(Detector::close);
    }
  }

  /** A detector's name in the curves: its own, or its file's where two detectors share one. */
  private static String detectorName(Detector d, Path file, Set<String> taken) {
    String name = d.info().name();
    if (!taken.add(name)) {
      name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
      for (int i = 2; !taken.add(name); i++) {
        name = file.getFileName() + "-" + i;
      }
    }
    return name;
  }

  /**
   * The experiment runner the examples use.
   *
   * @param runDir the run directory
   * @param threads decoding threads
   * @param progress the listener for the run and for the trainers
   * @return the runner
   */
  public static Experiment experiment(Path runDir, int threads, Progress progress) {
    return Experiment.builder().runDirectory(runDir).threads(threads).listener(progress)
        .trainingListener(progress).build();
  }

  /**
   * A named degradation set.
   *
   * @param set {@code paper}: the paper's six (low resolution 112 and 64, JPEG 65 and 30, blur
   *     sigma 3 and 5); {@code small}: the same kinds scaled to 64-pixel images (low resolution 28
   *     and 16, JPEG 65 and 30, blur sigma 1 and 2)
   * @return name to transform, in order
   * @throws BadArgumentException for another name
   */
  public static Map<String, ImageTransform> degradations(String set) {
    switch (set.toLowerCase(java.util.Locale.ROOT)) {
      case "paper":
        return PaperDegradations.all();
      case "small": {
        Map<String, ImageTransform> m = new LinkedHashMap<>();
        m.put("lowResolution28", PaperDegradations.lowResolution(28, ResampleFilter.BICUBIC));
        m.put("lowResolution16", PaperDegradations.lowResolution(16, ResampleFilter.BICUBIC));
        m.put("jpeg65", JpegCompression.of(65));
        m.put("jpeg30", JpegCompression.of(30));
        m.put("blurSigma1", GaussianBlur.scipy(1.0));
        m.put("blurSigma2", GaussianBlur.scipy(2.0));
        return m;
      }
      default:
        throw new BadArgumentException("degradations", set, "paper or small");
    }
  }

  static CrossGenerator crossGenerator(Dataset data, Request r, Detector model) {
    Dataset train = DataSources.split(data, Split.TRAIN);
    Dataset val = DataSources.split(data, Split.VAL);
    Map<String, Dataset> trains = DataSources.byGenerator(train);
    Map<String, Dataset> vals = DataSources.byGenerator(val);
    if (vals.isEmpty()) {
      throw new org.genimage.api.BadDatasetLayoutException(r.data(),
          "no val subset with both real and generated images");
    }
    CrossGenerator.Builder b = CrossGenerator.builder().settings(r.settings());
    vals.forEach((g, v) -> {
      if (trains.containsKey(g)) {
        b.subset(g, trains.get(g), v);
      } else {
        b.testSubset(g, v);
      }
    });
    if (model != null) {
      b.pretrained(r.trainOn().isEmpty() ? "given" : r.trainOn().get(0), model);
    } else {
      b.trainer(trainer(r));
      if (!r.trainOn().isEmpty()) {
        b.trainOn(r.trainOn().toArray(String[]::new));
      }
    }
    return b.build();
  }

  private static ClassCount classCount(Dataset data, Request r, String trainedOn) {
    if (r.detector() == null) {
      throw new BadArgumentException("model", "class-count trains its detectors: give --detector");
    }
    Dataset train = DataSources.subset(data, Split.TRAIN, trainedOn);
    Dataset val = DataSources.subset(data, Split.VAL, trainedOn);
    Dataset allVal = DataSources.split(data, Split.VAL);
    long seed = r.settings().seed();
    int per = r.perClass();
    Dataset test = Dataset.of("all-generators/val",
        Sampling.classCountTestSet(allVal.samples(), per, seed), allVal::load);
    int[] counts = r.classCounts();
    return ClassCount.builder().trainer(trainer(r)).classCounts(counts)
        .trainingSets(n -> Dataset.of(trainedOn + "/train-" + n + "-classes",
            Sampling.classCountTrainSet(train.samples(), n, per, seed), train::load))
        .validationSets(n -> val)
        .testSet("all-generators", test).settings(r.settings()).build();
  }

  private static DetectorTrainer trainer(Request r) {
    return DetectorRecipes.trainer(r.detector(), r.training(), r.configs());
  }
}
