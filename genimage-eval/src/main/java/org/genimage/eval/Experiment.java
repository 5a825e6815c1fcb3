package org.genimage.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.Detectors;
import org.genimage.api.TrainingListener;
import org.genimage.api.internal.Checks;

/**
 * Runs protocols: trains the detectors a plan needs, scores its test sets in parallel with bounded
 * memory, and saves every finished cell in a run directory so that an interrupted run resumes where it
 * stopped.
 *
 * <pre>{@code
 * Experiment experiment = Experiment.builder()
 *     .runDirectory(Path.of("runs/sd14-resnet"))   // required: where cells are saved
 *     .threads(4)                                  // decoding threads (and scorers if thread-safe)
 *     .listener(myProgressBar)
 *     .build();
 * CrossGeneratorResult result = experiment.run(protocol);   // run it again to resume
 * }</pre>
 *
 * <p><b>Resume.</b> The run directory holds {@code detectors/<train cell>.detector} (the trained
 * detector, written by {@link Detector#save}) with {@code detectors/<train cell>.json} (its
 * description and a fingerprint of the trainer, its settings and the training data's manifests),
 * and {@code scores/<score cell>.json} (the scores of one test set with a fingerprint of the detector,
 * test manifest, degradation and settings). Each file is written to a temporary name and moved into
 * place atomically, so a crash leaves either the finished file or none: at most the cell in progress
 * is lost. A rerun reuses every file whose fingerprint matches, loads saved detectors with the
 * detector loader ({@link Detectors#load} by default) only if some of their cells are still missing,
 * and refuses, naming the file, a directory that holds a cell computed from different inputs. A
 * detector whose {@code save} is unsupported is kept in memory and retrained on resume if needed.
 *
 * <p><b>Bad images.</b> Under {@link BadInputPolicy#SKIP} (the default) an image that fails to load is
 * recorded in its cell's {@link CellScores#skipped()} and left out of the metrics; under {@link
 * BadInputPolicy#FAIL} the run fails with the {@link org.genimage.api.BadImageException}.
 *
 * <p><b>Interruption.</b> Interrupting the running thread stops the run with a {@link
 * RunInterruptedException} after the loader and scorer threads are stopped.
 */
public final class Experiment {
  private final Path runDirectory;
  private final int threads;
  private final int queueCapacity;
  private final BadInputPolicy badInputPolicy;
  private final ProgressListener listener;
  private final TrainingListener trainingListener;
  private final Function<Path, Detector> detectorLoader;
  private final CellScoring cellScoring;

  private Experiment(Builder b) {
    this.runDirectory = b.runDirectory;
    this.threads = b.threads;
    this.queueCapacity = b.queueCapacity;
    this.badInputPolicy = b.badInputPolicy;
    this.listener = b.listener;
    this.trainingListener = b.trainingListener;
    this.detectorLoader = b.detectorLoader;
    this.cellScoring = b.cellScoring;
  }

  /**
   * A builder; {@link Builder#runDirectory(Path)} is required, everything else optional.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The run directory.
   *
   * @return where cells are saved
   */
  public Path runDirectory() {
    return runDirectory;
  }

  /**
   * Runs a protocol, resuming from the run directory, and assembles its result.
   *
   * @param protocol the protocol
   * @param <R> its result type
   * @return the result
   * @throws RunInterruptedException if the thread is interrupted (finished cells are kept)
   * @throws org.genimage.api.BadImageException under {@link BadInputPolicy#FAIL}
   * @throws BadArgumentException if the run directory holds cells computed from other inputs, or a
   *     file that is damaged or was edited (naming the file and the field)
   */
  public <R extends ExperimentResult> R run(Protocol<R> protocol) {
    Checks.notNull("protocol", protocol);
    return protocol.assemble(execute(protocol.name(), protocol.plan()));
  }

  /**
   * Executes a plan, resuming from the run directory. A protocol's {@link Protocol#plan()} already
   * has its datasets under the settings' bias control; a plan made by hand with a control other than
   * none should go through {@link BiasControls#apply(ExperimentPlan)} once first.
   *
   * @param protocolName the name recorded in the provenance
   * @param plan the plan
   * @return every cell's scores
   */
  public RunOutcome execute(String protocolName, ExperimentPlan plan) {
    Checks.notBlank("protocolName", protocolName);
    Checks.notNull("plan", plan);
    ProtocolSettings settings = plan.settings();
    RunDirectory dir = new RunDirectory(runDirectory);
    listener.onRunStart(plan.trainCells().size(), plan.scoreCells().size());

    Map<String, String> detectorPrints = new LinkedHashMap<>();
    for (TrainCell t : plan.trainCells()) {
      detectorPrints.put(t.id(), Fingerprints.of(t, settings));
    }
    plan.givenDetectors().forEach((k, g) -> detectorPrints.put(k,
        Fingerprints.of(g.detector().info())));

    Map<String, CellScores> scores = new LinkedHashMap<>();
    Map<String, DetectorInfo> infos = new LinkedHashMap<>();
    Map<String, String> detectorFiles = new LinkedHashMap<>();
    RunLedger ledger = new RunLedger(listener);
    Map<String, String> cellPrints = new LinkedHashMap<>();
    for (ScoreCell c : plan.scoreCells()) {
      String print = Fingerprints.of(c, detectorPrints.get(c.detectorKey()), settings);
      cellPrints.put(c.id(), print);
      CellScores saved = dir.readScores(c, print);
      if (saved != null) {
        scores.put(c.id(), saved);
      }
    }

    Set<String> keys = new LinkedHashSet<>();
    plan.scoreCells().forEach(c -> keys.add(c.detectorKey()));
    CellScorer scorer = new CellScorer(threads, queueCapacity, badInputPolicy, listener);
    for (String key : keys) {
      List<ScoreCell> cells = plan.scoreCellsOf(key);
      List<ScoreCell> pending = cells.stream().filter(c -> !scores.containsKey(c.id())).toList();
      ExperimentPlan.GivenDetector given = plan.givenDetectors().get(key);
      TrainCell train = plan.trainCells().stream().filter(t -> t.id().equals(key)).findFirst()
          .orElse(null);
      Detector detector = null;
      boolean owned = false;
      try {
        if (given != null) {
          detector = given.detector();
          infos.put(key, detector.info());
        } else if (pending.isEmpty()) {
          DetectorRecord rec = dir.readRecord(train.id(), detectorPrints.get(key));
          if (rec == null) {
            throw new BadArgumentException("runDirectory", "has the scores of every cell of "
                + key + " but not " + dir.recordFile(key)
                + "; delete the directory or restore that file");
          }
          infos.put(key, rec.info());
          // Where the file is now, not where the record says: the directory may have moved, and a
          // path read from a file is never handed on.
          detectorFiles.put(key, rec.saved() ? dir.detectorFile(key).toString() : rec.savedFile());
          ledger.resumed(key);
        } else {
          detector = obtain(train, dir, detectorPrints.get(key), ledger, detectorFiles);
          owned = true;
          infos.put(key, detector.info());
        }
        for (ScoreCell c : cells) {
          if (scores.containsKey(c.id())) {
            ledger.resumed(c.id());
            continue;
          }
          checkInterrupt(c.id());
          long start = ledger.started(c.id(), "score");
          CellScores s = cellScoring == null
              ? scorer.score(c, detector, cellPrints.get(c.id()), settings)
              : cellScoring.score(c, detector, savedFile(detectorFiles.get(key)),
                  cellPrints.get(c.id()), settings, badInputPolicy);
          dir.writeScores(s);
          scores.put(c.id(), s);
          ledger.computed(c.id(), start);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write to run directory " + runDirectory, e);
      } finally {
        if (owned && detector != null) {
          detector.close();
        }
      }
    }
    ledger.finish();
    RunProvenance provenance = RunProvenance.of(protocolName, plan, infos, detectorFiles);
    return new RunOutcome(plan, scores, infos, ledger.computed(), ledger.resumed(), provenance);
  }

  /** The detector of a train cell: loaded from the run directory if saved there, else trained. */
  private Detector obtain(TrainCell train, RunDirectory dir, String print, RunLedger ledger,
      Map<String, String> files) throws IOException {
    Path model = dir.detectorFile(train.id());
    DetectorRecord rec = dir.readRecord(train.id(), print);
    if (rec != null && rec.saved() && Files.isRegularFile(model)) {
      ledger.resumed(train.id());
      files.put(train.id(), model.toString());
      return detectorLoader.apply(model);
    }
    checkInterrupt(train.id());
    long start = ledger.started(train.id(), "train");
    Detector d = train.trainer().train(train.training(), train.validation(), trainingListener);
    RunDirectory.SavedDetector saved = dir.saveDetector(train.id(), d);
    files.put(train.id(), saved.file());
    dir.writeRecord(train.id(), new DetectorRecord(print, d.info(), saved.saved(), saved.file()));
    ledger.computed(train.id(), start);
    return d;
  }

  private static java.util.Optional<Path> savedFile(String file) {
    if (file == null || file.startsWith("(")) {
      return java.util.Optional.empty(); // given by the caller, or "(not saved: ...)"
    }
    return java.util.Optional.of(Path.of(file));
  }

  private static void checkInterrupt(String cellId) {
    if (Thread.interrupted()) {
      Thread.currentThread().interrupt();
      throw new RunInterruptedException(cellId, new InterruptedException());
    }
  }

  /**
   * Configures an {@link Experiment}. {@link #runDirectory(Path)} is required; the rest is optional.
   */
  public static final class Builder {
    private Path runDirectory;
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int queueCapacity = 0;
    private BadInputPolicy badInputPolicy = BadInputPolicy.SKIP;
    private ProgressListener listener = ProgressListener.NONE;
    private TrainingListener trainingListener = TrainingListener.NONE;
    private Function<Path, Detector> detectorLoader = Detectors::load;
    private CellScoring cellScoring;

    private Builder() {}

    /**
     * Required: where finished cells are saved and resumed from (created if missing).
     *
     * @param dir the run directory
     * @return this builder
     */
    public Builder runDirectory(Path dir) {
      this.runDirectory = Checks.notNull("runDirectory", dir);
      return this;
    }

    /**
     * Optional: the number of decoding threads, and of scoring threads for a thread-safe detector.
     * Default: the number of processors.
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder threads(int n) {
      this.threads = Checks.positive("threads", n);
      return this;
    }

    /**
     * Optional: how many decoded images may wait for the detector (bounds memory). Default: twice
     * the detector's preferred batch size.
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder queueCapacity(int n) {
      this.queueCapacity = Checks.positive("queueCapacity", n);
      return this;
    }

    /**
     * Optional: what to do with images that fail to load. Default {@link BadInputPolicy#SKIP}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder badInputPolicy(BadInputPolicy policy) {
      this.badInputPolicy = Checks.notNull("badInputPolicy", policy);
      return this;
    }

    /**
     * Optional: receives the run's progress.
     *
     * @param value the listener
     * @return this builder
     */
    public Builder listener(ProgressListener value) {
      this.listener = Checks.notNull("listener", value);
      return this;
    }

    /**
     * Optional: receives the trainers' progress.
     *
     * @param value the listener
     * @return this builder
     */
    public Builder trainingListener(TrainingListener value) {
      this.trainingListener = Checks.notNull("trainingListener", value);
      return this;
    }

    /**
     * Optional: how saved detectors are read back on resume. Default {@link Detectors#load}.
     *
     * @param loader reads a file written by {@link Detector#save}
     * @return this builder
     */
    public Builder detectorLoader(Function<Path, Detector> loader) {
      this.detectorLoader = Checks.notNull("detectorLoader", loader);
      return this;
    }

    /**
     * Optional: computes each score cell's scores in place of the built-in scorer (which runs in this
     * JVM with {@link #threads(int)} loaders), for example on a cluster. Files, resume, fingerprints
     * and provenance stay the same. Default: the built-in scorer.
     *
     * @param value the scorer
     * @return this builder
     */
    public Builder cellScoring(CellScoring value) {
      this.cellScoring = Checks.notNull("cellScoring", value);
      return this;
    }

    /**
     * Builds the experiment.
     *
     * @return the experiment
     * @throws BadArgumentException if no run directory was set
     */
    public Experiment build() {
      if (runDirectory == null) {
        throw new BadArgumentException("runDirectory", "is required: finished cells are saved there");
      }
      return new Experiment(this);
    }
  }
}
