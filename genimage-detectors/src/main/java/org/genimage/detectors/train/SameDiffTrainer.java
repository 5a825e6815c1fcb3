package org.genimage.detectors.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.genimage.api.Dataset;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.EpochSummary;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.TrainingListener;
import org.genimage.api.TrainingProvenance;
import org.genimage.api.WeightsSource;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.Provenances;
import org.genimage.detectors.TrainingGraphBuilder;
import org.genimage.detectors.preprocess.CompiledPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.eval.ManifestHash;
import org.genimage.eval.metrics.Accuracy;
import org.genimage.eval.metrics.RocAuc;

/**
 * Trains any {@link Architecture} on a {@link Dataset}: seeded initialisation, per-epoch shuffling and
 * augmentation ({@link ImageTransform#randomFor} of seed, epoch and sample id, so every epoch is reproducible
 * on its own), PyTorch-rule optimisers, a learning-rate schedule, validation AUC and accuracy each epoch, the
 * best epoch's weights kept (by validation AUC, ties broken by accuracy at 0.5), early stopping, and a checkpoint
 * after every epoch (and every {@link TrainerConfig#checkpointEverySteps()} steps) from which an interrupted run
 * resumes to the same result as an uninterrupted one (on CPU with the same thread count), mid-epoch included.
 *
 * <p>The steps run on the oneDNN training plan on a CPU, on SameDiff otherwise ({@link TrainerConfig#backend()});
 * the next batches are decoded, augmented and preprocessed on {@link TrainerConfig#loaderThreads()} background
 * threads while a step runs. Batch norm trains with batch statistics; running statistics follow PyTorch (momentum
 * 0.1, unbiased variance). Stochastic depth ({@link org.genimage.detectors.GraphBuilder#dropPath}) and dropout get
 * fresh masks every step, drawn from the seed and the step number (so a resumed run draws the same masks).
 * Parameters in the architecture's {@link Architecture#noWeightDecay()} group get no weight decay (decoupled or
 * L2). The returned detector carries a {@link org.genimage.api.ModelProvenance} built from the configuration
 * records: library version, the architecture's config, the {@link TrainerConfig} (optimiser, schedule, seed),
 * epochs run, best epoch, validation metrics, training- and validation-manifest hashes, the engine that trained
 * it and where the starting weights came from. Not thread-safe; one {@code train}
 * call at a time.
 */
public final class SameDiffTrainer implements DetectorTrainer {
  /** File name of the checkpoint inside {@link TrainerConfig#checkpointDir()}. */
  public static final String CHECKPOINT = "checkpoint.gickpt";
  private static final double BN_MOMENTUM = 0.1;

  private final String name;
  private final Architecture architecture;
  private final TrainerConfig config;
  private final ImageTransform augmentation;
  private final Map<String, NamedTensor> start;
  private final WeightsSource startSource;
  // The architecture's declared pipeline, compiled once: every batch is preprocessed as inference will.
  private final CompiledPipeline preprocessing;

  /**
   * A trainer from scratch (weights from {@link Architecture#initialise} with the config's seed).
   *
   * @param name         name of the detector it produces
   * @param architecture the architecture
   * @param config       the run's configuration
   * @param augmentation training-time augmentation (identity for none)
   */
  public SameDiffTrainer(String name, Architecture architecture, TrainerConfig config, ImageTransform augmentation) {
    this(name, architecture, config, augmentation, null, WeightsSource.of(WeightsSource.Kind.INITIALISED));
  }

  private SameDiffTrainer(String name, Architecture architecture, TrainerConfig config, ImageTransform augmentation,
      Map<String, NamedTensor> start, WeightsSource startSource) {
    this.name = Checks.notBlank("name", name);
    this.architecture = Checks.notNull("architecture", architecture);
    this.config = Checks.notNull("config", config);
    this.augmentation = Checks.notNull("augmentation", augmentation);
    this.start = start;
    this.startSource = Checks.notNull("startSource", startSource);
    this.preprocessing = architecture.preprocessing().compile();
  }

  /**
   * A trainer that fine-tunes from given weights (e.g. ImageNet weights imported from PyTorch).
   *
   * @param weights canonical weights for every parameter of the architecture
   * @return a new trainer; the provenance records the starting weights as {@link WeightsSource.Kind#GIVEN}
   */
  public SameDiffTrainer startingFrom(Map<String, NamedTensor> weights) {
    return startingFrom(weights, WeightsSource.of(WeightsSource.Kind.GIVEN));
  }

  /**
   * A trainer that fine-tunes from given weights whose origin the provenance records (e.g. the
   * {@link NetworkDetector#provenance()} weights of a detector from {@link NetworkDetector#importTorch}).
   *
   * @param weights canonical weights for every parameter of the architecture
   * @param source  where they came from
   * @return a new trainer
   */
  public SameDiffTrainer startingFrom(Map<String, NamedTensor> weights, WeightsSource source) {
    return new SameDiffTrainer(name, architecture, config, augmentation, Map.copyOf(weights), source);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> m = new TreeMap<>();
    m.put("architecture", architecture.displayName());
    m.put("architecture.config", String.valueOf(org.genimage.detectors.Architectures.configJson(architecture)));
    m.put("epochs", String.valueOf(config.epochs()));
    m.put("batchSize", String.valueOf(config.batchSize()));
    m.put("optimizer", config.optimizer().toString());
    m.put("schedule", config.schedule().toString());
    m.put("seed", String.valueOf(config.seed()));
    m.put("earlyStoppingPatience", String.valueOf(config.earlyStoppingPatience()));
    if (config.bnRecalibrationBatches() > 0) {
      m.put("bnRecalibrationBatches", String.valueOf(config.bnRecalibrationBatches()));
    }
    m.put("augmentation", augmentation.description());
    m.put("startingWeights", start == null ? "initialise(seed)" : "given");
    return m;
  }

  /**
   * Trains and returns the best (or, without validation data, the last) detector.
   *
   * @param training   training data
   * @param validation validation data (may be null or empty: then no metrics, no early stopping)
   * @param listener   progress
   * @return the trained detector
   */
  @Override
  public NetworkDetector train(Dataset training, Dataset validation, TrainingListener listener) {
    Checks.notNull("training", training);
    Checks.notNull("listener", listener);
    List<Sample> samples = training.samples();
    Checks.notEmpty("training.samples()", samples);
    boolean validate = validation != null && validation.size() > 0;
    Map<String, NamedTensor> weights = new LinkedHashMap<>(start != null ? start : architecture.initialise(config.seed()));
    TrainingState st = new TrainingState();
    st.lr = config.optimizer().learningRate();
    Path ckpt = config.checkpoints().map(d -> d.resolve(CHECKPOINT)).orElse(null);
    if (ckpt != null && config.resume() && Files.isRegularFile(ckpt)) {
      weights = Checkpoint.read(ckpt, architecture, String.valueOf(settings()), config.epochs(), st);
    }
    Map<String, float[]> buffers = new LinkedHashMap<>();
    for (ParamSpec p : architecture.parameters()) {
      if (!p.trainable()) {
        buffers.put(p.name(), weights.get(p.name()).data().clone());
      }
    }
    String engineDescription;
    try (TrainingEngine engine = TrainingEngines.create(config.backend(), architecture, weights, config.batchSize(),
        config.optimizer())) {
      engineDescription = engine.description();
      engine.restoreOptimizerState(st.optimizer);
      loop(engine, training, validation, validate, listener, st, buffers, ckpt);
      if (st.bestWeights == null) {
        st.bestWeights = extract(engine, buffers);
      }
    }
    TrainingProvenance run = provenance(ManifestHash.of(training),
        validate ? ManifestHash.of(validation) : "", st.epoch, st.bestEpoch, st.bestMetrics, engineDescription);
    return NetworkDetector.create(name, architecture, st.bestWeights, Provenances.of(architecture,
        WeightsSource.of(WeightsSource.Kind.TRAINED), run, Map.of()), InferenceOptions.defaults());
  }

  /**
   * The training run's provenance, built from this trainer's configuration records: every field of the
   * {@link TrainerConfig} (its {@link OptimizerConfig} and {@link LrSchedule} included) but the checkpoint
   * directory, which says where files went, not how the model was trained; and the augmentation.
   */
  TrainingProvenance provenance(String trainingManifest, String validationManifest, int epochsRun, int bestEpoch,
      Map<String, Double> metrics, String engine) {
    Map<String, String> fields = new TreeMap<>(Provenances.fields(config));
    fields.remove("checkpointDir");
    fields.put("augmentation", augmentation.description());
    return new TrainingProvenance(name, config.seed(), config.epochs(), epochsRun, bestEpoch, trainingManifest,
        validationManifest, metrics, engine, startSource, fields);
  }

  private void loop(TrainingEngine engine, Dataset training, Dataset validation, boolean validate,
      TrainingListener listener, TrainingState st, Map<String, float[]> buffers, Path ckpt) {
    List<Sample> samples = training.samples();
    CompiledPipeline pre = preprocessing;
    int sampleSize = pre.channels() * pre.height() * pre.width();
    int k = architecture.head().outputs();
    int bs = config.batchSize();
    int batches = (samples.size() + bs - 1) / bs;
    List<TrainingGraphBuilder.RandomMask> masks = engine.randomMasks();
    // Kept from one mid-epoch checkpoint to the next: frequent checkpoints of a large model make no garbage.
    Map<String, float[]> snapshot = new LinkedHashMap<>();
    Map<String, float[]> optimizerSnapshot = new LinkedHashMap<>();
    listener.onStart(config.epochs(), batches);
    while (!st.stopped && st.epoch < config.epochs()) {
      int epoch = st.epoch + 1;
      long t0 = System.nanoTime();
      if (st.batch == 0) {
        st.lr = config.schedule().rateAt(config.optimizer().learningRate(), st.lr, epoch, config.epochs());
        st.lossSum = 0;
      }
      double lr = st.lr;
      int[] order = shuffled(samples.size(), config.seed() * 0x9E3779B97F4A7C15L + epoch);
      try (BatchLoader loader = new BatchLoader(st.batch, batches, 2, config.loaderThreads(), bs * sampleSize,
          bs * k, (b, into) -> fill(training, samples, order, epoch, b, into))) {
        for (int b = st.batch; b < batches; b++) {
          BatchLoader.Buffers batch = loader.next();
          // Random masks from a generator of (seed, step), so a resumed run draws the same masks.
          SplittableRandom r = new SplittableRandom(config.seed() * 0x632BE59BD9B4E019L + st.step);
          Map<String, float[]> drawn = new LinkedHashMap<>();
          for (TrainingGraphBuilder.RandomMask m : masks) {
            drawn.put(m.placeholder(), m.drawValues(batch.size, r));
          }
          double l = engine.step(new TrainingBatch(batch.size, batch.input, batch.labels, drawn), lr, st.step + 1);
          st.step++;
          blend(buffers, engine.batchStatistics());
          st.lossSum += l * batch.size;
          st.batch = b + 1;
          listener.onBatch(epoch, b + 1, l);
          if (ckpt != null && config.checkpointEverySteps() > 0 && st.step % config.checkpointEverySteps() == 0
              && st.batch < batches) {
            engine.snapshot(snapshot, optimizerSnapshot);
            st.optimizer = optimizerSnapshot;
            Checkpoint.write(ckpt, architecture, tensors(snapshot, buffers), st, String.valueOf(settings()));
          }
        }
      }
      st.batch = 0;
      if (config.bnRecalibrationBatches() > 0 && !buffers.isEmpty()) {
        recalibrate(engine, masks, buffers, training, samples, order, epoch);
      }
      Map<String, NamedTensor> now = extract(engine, buffers);
      Map<String, Double> metrics = new TreeMap<>();
      boolean improved;
      if (validate) {
        metrics = evaluate(now, validation);
        double auc = metrics.get("auc");
        improved = isImprovement(auc, metrics.get("accuracy"), st.best,
            st.bestMetrics.getOrDefault("accuracy", Double.NEGATIVE_INFINITY));
        if (improved) {
          st.best = auc;
          st.bestEpoch = epoch;
          st.bestMetrics = metrics;
          st.bestWeights = now;
          st.bad = 0;
          st.plateauBad = 0;
        } else {
          st.bad++;
          st.plateauBad++;
        }
        if (config.schedule().kind() == LrSchedule.Kind.PLATEAU && st.plateauBad >= config.schedule().patience()) {
          st.lr = st.lr * config.schedule().factor();
          st.plateauBad = 0;
          if (st.lr < config.schedule().minLr()) {
            st.stopped = true;
          }
        }
        if (config.earlyStoppingPatience() > 0 && st.bad >= config.earlyStoppingPatience()) {
          st.stopped = true;
        }
      } else {
        improved = true;
        st.bestEpoch = epoch;
        st.bestWeights = now;
      }
      st.epoch = epoch;
      if (ckpt != null) {
        st.optimizer = engine.optimizerState();
        Checkpoint.write(ckpt, architecture, now, st, String.valueOf(settings()));
      }
      listener.onEpoch(new EpochSummary(epoch, st.lossSum / samples.size(), metrics, improved,
          Duration.ofNanos(System.nanoTime() - t0)));
    }
  }

  /** Decodes, augments and preprocesses batch {@code b} of an epoch's order. */
  private int fill(Dataset training, List<Sample> samples, int[] order, int epoch, int b,
      BatchLoader.Buffers into) {
    int bs = config.batchSize();
    int k = architecture.head().outputs();
    CompiledPipeline pre = preprocessing;
    int sampleSize = pre.channels() * pre.height() * pre.width();
    int n = Math.min(bs, samples.size() - b * bs);
    java.util.Arrays.fill(into.labels, 0f);
    for (int i = 0; i < n; i++) {
      Sample s = samples.get(order[b * bs + i]);
      RgbImage img = augmentation.apply(training.load(s),
          ImageTransform.randomFor(config.seed() * 1_000_003L + epoch, s.id()));
      pre.write(img, into.input, i * sampleSize, false);
      int y = s.label() == Label.FAKE ? 1 : 0;
      if (k == 1) {
        into.labels[i] = y;
      } else {
        into.labels[i * 2 + y] = 1f;
      }
    }
    return n;
  }

  /** Running statistics follow PyTorch: {@code running = (1 - momentum) running + momentum batch}. */
  static void blend(Map<String, float[]> buffers, Map<String, float[]> batch) {
    for (Map.Entry<String, float[]> e : batch.entrySet()) {
      float[] run = buffers.get(e.getKey());
      float[] now = e.getValue();
      for (int i = 0; i < run.length; i++) {
        run[i] = (float) ((1 - BN_MOMENTUM) * run[i] + BN_MOMENTUM * now[i]);
      }
    }
  }

  /**
   * Sets running statistics to the plain average of the batch statistics of the epoch's first batches, run
   * forward only with the epoch's weights (PyTorch's {@code momentum=None} cumulative average). The graph runs
   * in training mode, as PyTorch's recalibration does, so random masks are drawn too (from the seed, the epoch and
   * the batch).
   */
  private void recalibrate(TrainingEngine engine, List<TrainingGraphBuilder.RandomMask> masks,
      Map<String, float[]> buffers, Dataset training, List<Sample> samples, int[] order, int epoch) {
    int bs = config.batchSize();
    CompiledPipeline pre = preprocessing;
    int batches = Math.min(config.bnRecalibrationBatches(), (samples.size() + bs - 1) / bs);
    Map<String, double[]> sum = new HashMap<>();
    int used = 0;
    BatchLoader.Buffers into = new BatchLoader.Buffers(bs * pre.channels() * pre.height() * pre.width(),
        bs * architecture.head().outputs());
    for (int b = 0; b < batches; b++) {
      int n = fill(training, samples, order, epoch, b, into);
      if (n < 2) {
        continue;
      }
      SplittableRandom r = new SplittableRandom(config.seed() * 0x2545F4914F6CDD1DL + epoch * 65_537L + b);
      Map<String, float[]> drawn = new LinkedHashMap<>();
      for (TrainingGraphBuilder.RandomMask m : masks) {
        drawn.put(m.placeholder(), m.drawValues(n, r));
      }
      engine.forward(new TrainingBatch(n, into.input, into.labels, drawn));
      for (Map.Entry<String, float[]> e : engine.batchStatistics().entrySet()) {
        float[] v = e.getValue();
        double[] acc = sum.computeIfAbsent(e.getKey(), key -> new double[v.length]);
        for (int i = 0; i < v.length; i++) {
          acc[i] += v[i];
        }
      }
      used++;
    }
    if (used == 0) {
      return;
    }
    for (Map.Entry<String, double[]> e : sum.entrySet()) {
      float[] run = buffers.get(e.getKey());
      for (int i = 0; i < run.length; i++) {
        run[i] = (float) (e.getValue()[i] / used);
      }
    }
  }

  private static int[] shuffled(int n, long seed) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A copy of the current weights: the engine's parameters and the running statistics. */
  private Map<String, NamedTensor> extract(TrainingEngine engine, Map<String, float[]> buffers) {
    Map<String, float[]> copies = new LinkedHashMap<>(engine.parameters());
    buffers.forEach((name, v) -> copies.put(name, v.clone()));
    return tensors(copies, Map.of());
  }

  /** Parameters and buffers as tensors over the given arrays (not copied). */
  private Map<String, NamedTensor> tensors(Map<String, float[]> params, Map<String, float[]> buffers) {
    Map<String, NamedTensor> out = new LinkedHashMap<>();
    for (ParamSpec p : architecture.parameters()) {
      float[] d = params.containsKey(p.name()) ? params.get(p.name()) : buffers.get(p.name());
      if (d == null) {
        throw new IllegalStateException("parameter " + p.name() + " is not used by the graph");
      }
      out.put(p.name(), NamedTensor.f32(p.name(), p.shape(), d));
    }
    return out;
  }

  private Map<String, Double> evaluate(Map<String, NamedTensor> weights, Dataset validation) {
    List<Sample> vs = validation.samples();
    int[] labels = new int[vs.size()];
    double[] scores = new double[vs.size()];
    try (NetworkDetector d = NetworkDetector.create(name, architecture, weights, Map.of(),
        InferenceOptions.defaults().withBatchSize(Math.min(32, config.batchSize() * 2)))) {
      int bs = Math.min(32, config.batchSize() * 2);
      for (int i = 0; i < vs.size(); i += bs) {
        List<RgbImage> imgs = new ArrayList<>();
        for (int j = i; j < Math.min(vs.size(), i + bs); j++) {
          imgs.add(validation.load(vs.get(j)));
          labels[j] = vs.get(j).label().index();
        }
        float[] s = d.scoreBatch(imgs);
        for (int j = 0; j < s.length; j++) {
          scores[i + j] = s[j];
        }
      }
    }
    Map<String, Double> m = new TreeMap<>();
    boolean both = java.util.Arrays.stream(labels).distinct().count() == 2;
    m.put("auc", both ? RocAuc.of(labels, scores) : Double.NaN);
    m.put("accuracy", Accuracy.of(labels, scores, 0.5));
    return m;
  }

  /**
   * Whether an epoch's validation figures beat the best so far. AUC saturates at 1.0 on small
   * validation sets, so among equal AUCs the epoch whose 0.5 threshold is better calibrated (higher
   * accuracy) wins rather than simply the first one; a NaN AUC never wins.
   */
  static boolean isImprovement(double auc, double accuracy, double bestAuc, double bestAccuracy) {
    return auc > bestAuc || (auc == bestAuc && accuracy > bestAccuracy);
  }
}
