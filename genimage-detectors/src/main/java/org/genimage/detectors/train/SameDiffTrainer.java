package org.genimage.detectors.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Checks;
import org.genimage.api.Dataset;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.EpochSummary;
import org.genimage.api.GenImageVersion;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.TrainingListener;
import org.genimage.api.eval.ManifestHash;
import org.genimage.api.eval.metrics.Accuracy;
import org.genimage.api.eval.metrics.RocAuc;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.ParamSpec;
import org.genimage.detectors.Preprocessor;
import org.genimage.detectors.SameDiffDetector;
import org.genimage.detectors.TrainingGraphBuilder;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Trains any {@link Architecture} on a {@link Dataset}: seeded initialisation, per-epoch shuffling and
 * augmentation ({@link ImageTransform#randomFor} of seed, epoch and sample id, so every epoch is reproducible
 * on its own), PyTorch-rule optimisers, a learning-rate schedule, validation AUC and accuracy each epoch, the
 * best epoch's weights kept (by validation AUC, ties broken by accuracy at 0.5), early stopping, and a checkpoint after every epoch from which
 * an interrupted run resumes to the same result as an uninterrupted one (on CPU with the same thread count).
 *
 * <p>Batch norm trains with batch statistics; running statistics follow PyTorch (momentum 0.1, unbiased
 * variance). Stochastic depth ({@link org.genimage.detectors.GraphBuilder#dropPath}) gets fresh per-sample masks
 * every step, drawn from the seed and the step number (so a resumed run draws the same masks). Parameters in the
 * architecture's {@link Architecture#noWeightDecay()} group get no weight decay (decoupled or L2). The returned detector carries provenance: library version, architecture, seed, epochs run, best
 * epoch, validation metrics, training-manifest hash. Not thread-safe; one {@code train} call at a time.
 */
public final class SameDiffTrainer implements DetectorTrainer {
  /** File name of the checkpoint inside {@link TrainerConfig#checkpointDir()}. */
  public static final String CHECKPOINT = "checkpoint.gickpt";
  private static final double BN_MOMENTUM = 0.1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Architecture architecture;
  private final TrainerConfig config;
  private final ImageTransform augmentation;
  private final Map<String, NamedTensor> start;

  /**
   * A trainer from scratch (weights from {@link Architecture#initialise} with the config's seed).
   *
   * @param name         name of the detector it produces
   * @param architecture the architecture
   * @param config       the run's configuration
   * @param augmentation training-time augmentation (identity for none)
   */
  public SameDiffTrainer(String name, Architecture architecture, TrainerConfig config, ImageTransform augmentation) {
    this(name, architecture, config, augmentation, null);
  }

  private SameDiffTrainer(String name, Architecture architecture, TrainerConfig config, ImageTransform augmentation,
      Map<String, NamedTensor> start) {
    this.name = Checks.notBlank("name", name);
    this.architecture = Checks.notNull("architecture", architecture);
    this.config = Checks.notNull("config", config);
    this.augmentation = Checks.notNull("augmentation", augmentation);
    this.start = start;
  }

  /**
   * A trainer that fine-tunes from given weights (e.g. ImageNet weights imported from PyTorch).
   *
   * @param weights canonical weights for every parameter of the architecture
   * @return a new trainer
   */
  public SameDiffTrainer startingFrom(Map<String, NamedTensor> weights) {
    return new SameDiffTrainer(name, architecture, config, augmentation, Map.copyOf(weights));
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

  /** Mutable training state, all of it checkpointed. */
  private static final class State {
    int epoch;
    long step;
    double lr;
    double best = Double.NEGATIVE_INFINITY;
    int bestEpoch;
    int bad;
    int plateauBad;
    boolean stopped;
    Map<String, Double> bestMetrics = new TreeMap<>();
    Map<String, NamedTensor> bestWeights;
    final Map<String, INDArray> m = new HashMap<>();
    final Map<String, INDArray> v = new HashMap<>();
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
  public SameDiffDetector train(Dataset training, Dataset validation, TrainingListener listener) {
    Checks.notNull("training", training);
    Checks.notNull("listener", listener);
    List<Sample> samples = training.samples();
    Checks.notEmpty("training.samples()", samples);
    boolean validate = validation != null && validation.size() > 0;
    Map<String, NamedTensor> weights = new LinkedHashMap<>(start != null ? start : architecture.initialise(config.seed()));
    State st = new State();
    st.lr = config.optimizer().learningRate();
    Path ckpt = config.checkpoints().map(d -> d.resolve(CHECKPOINT)).orElse(null);
    if (ckpt != null && config.resume() && Files.isRegularFile(ckpt)) {
      weights = readCheckpoint(ckpt, st);
    }
    Map<String, float[]> buffers = new LinkedHashMap<>();
    for (ParamSpec p : architecture.parameters()) {
      if (!p.trainable()) {
        buffers.put(p.name(), weights.get(p.name()).data().clone());
      }
    }
    Preprocessor pre = architecture.preprocessor();
    int c = pre.channels();
    int h = pre.height();
    int w = pre.width();
    int k = architecture.head().outputs();
    SameDiff sd = SameDiff.create();
    TrainingGraphBuilder g = new TrainingGraphBuilder(sd, weights);
    SDVariable in = sd.placeHolder("input", DataType.FLOAT, -1, c, h, w);
    SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, k);
    SDVariable z = architecture.forward(g, in);
    SDVariable loss = g.loss(architecture.head(), z, label, "loss");
    sd.setLossVariables(loss);
    List<String> params = new ArrayList<>(g.variables().keySet());
    List<TrainingGraphBuilder.RandomMask> dropPaths = g.randomMasks();
    java.util.function.Predicate<String> noDecay = architecture.noWeightDecay();
    Map<String, String> stats = g.bufferStatistics();
    for (String key : st.m.keySet()) {
      if (!g.variables().containsKey(key)) {
        throw new BadModelFileException(ckpt, "checkpoint optimiser state names '" + key
            + "', which is not a parameter of " + architecture.displayName());
      }
    }
    List<String> outputs = new ArrayList<>();
    outputs.add(loss.name());
    outputs.addAll(stats.values());
    int bs = config.batchSize();
    int batches = (samples.size() + bs - 1) / bs;
    int sampleSize = c * h * w;
    float[] xbuf = new float[bs * sampleSize];
    float[] ybuf = new float[bs * k];
    listener.onStart(config.epochs(), batches);
    while (!st.stopped && st.epoch < config.epochs()) {
      int epoch = st.epoch + 1;
      long t0 = System.nanoTime();
      double lr = config.schedule().rateAt(config.optimizer().learningRate(), st.lr, epoch, config.epochs());
      st.lr = lr;
      int[] order = shuffled(samples.size(), config.seed() * 0x9E3779B97F4A7C15L + epoch);
      double lossSum = 0;
      for (int b = 0; b < batches; b++) {
        int n = Math.min(bs, samples.size() - b * bs);
        java.util.Arrays.fill(ybuf, 0f);
        for (int i = 0; i < n; i++) {
          Sample s = samples.get(order[b * bs + i]);
          RgbImage img = augmentation.apply(training.load(s),
              ImageTransform.randomFor(config.seed() * 1_000_003L + epoch, s.id()));
          pre.write(img, xbuf, i * sampleSize, false);
          int y = s.label() == Label.FAKE ? 1 : 0;
          if (k == 1) {
            ybuf[i] = y;
          } else {
            ybuf[i * 2 + y] = 1f;
          }
        }
        INDArray x = Nd4j.create(java.util.Arrays.copyOf(xbuf, n * sampleSize), new long[] {n, c, h, w}, 'c');
        INDArray yv = Nd4j.create(java.util.Arrays.copyOf(ybuf, n * k), new long[] {n, k}, 'c');
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("input", x);
        feed.put("label", yv);
        // Stochastic-depth masks from a generator of (seed, step), so a resumed run draws the same masks.
        SplittableRandom masks = new SplittableRandom(config.seed() * 0x632BE59BD9B4E019L + st.step);
        for (TrainingGraphBuilder.RandomMask dp : dropPaths) {
          feed.put(dp.placeholder(), dp.draw(n, masks));
        }
        OutAndGrad r = sd.calculateGradientsAndOutputs(feed, outputs, params);
        double l = r.getOutputs().get(loss.name()).getDouble(0);
        st.step++;
        for (String p : params) {
          step(st, p, sd.getArrForVarName(p), r.getGradients().get(p), lr, !noDecay.test(p));
        }
        for (Map.Entry<String, String> e : stats.entrySet()) {
          float[] run = buffers.get(e.getKey());
          float[] batch = r.getOutputs().get(e.getValue()).data().asFloat();
          for (int i = 0; i < run.length; i++) {
            run[i] = (float) ((1 - BN_MOMENTUM) * run[i] + BN_MOMENTUM * batch[i]);
          }
        }
        feed.values().forEach(INDArray::close);
        lossSum += l * n;
        listener.onBatch(epoch, b + 1, l);
      }
      if (config.bnRecalibrationBatches() > 0 && !stats.isEmpty()) {
        recalibrate(sd, stats, dropPaths, buffers, training, samples, order, epoch, xbuf, c, h, w);
      }
      Map<String, NamedTensor> now = extract(sd, g, params, buffers);
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
        writeCheckpoint(ckpt, now, st);
      }
      listener.onEpoch(new EpochSummary(epoch, lossSum / samples.size(), metrics, improved,
          Duration.ofNanos(System.nanoTime() - t0)));
    }
    Map<String, NamedTensor> result = st.bestWeights != null ? st.bestWeights : extract(sd, g, params, buffers);
    Map<String, String> prov = new LinkedHashMap<>();
    prov.put("genimage.version", GenImageVersion.get());
    prov.put("trainer", name);
    prov.put("training.manifest", ManifestHash.of(training));
    if (validate) {
      prov.put("validation.manifest", ManifestHash.of(validation));
    }
    prov.put("seed", String.valueOf(config.seed()));
    prov.put("epochs.run", String.valueOf(st.epoch));
    prov.put("epoch.best", String.valueOf(st.bestEpoch));
    st.bestMetrics.forEach((key, val) -> prov.put("validation." + key, String.valueOf(val)));
    settings().forEach((key, val) -> prov.put("settings." + key, val));
    closeGraph(sd);
    return SameDiffDetector.create(name, architecture, result, prov, InferenceOptions.defaults());
  }

  /**
   * Sets running statistics to the plain average of the batch statistics of the epoch's first batches, run
   * forward only with the epoch's weights (PyTorch's {@code momentum=None} cumulative average). The graph runs
   * in training mode, as PyTorch's recalibration does, so stochastic-depth masks are drawn too (from the seed,
   * the epoch and the batch).
   */
  private void recalibrate(SameDiff sd, Map<String, String> stats,
      List<TrainingGraphBuilder.RandomMask> dropPaths, Map<String, float[]> buffers, Dataset training,
      List<Sample> samples, int[] order, int epoch, float[] xbuf, int c, int h, int w) {
    int bs = config.batchSize();
    int sampleSize = c * h * w;
    int batches = Math.min(config.bnRecalibrationBatches(), (samples.size() + bs - 1) / bs);
    Map<String, double[]> sum = new HashMap<>();
    int k = architecture.head().outputs();
    for (int b = 0; b < batches; b++) {
      int n = Math.min(bs, samples.size() - b * bs);
      if (n < 2) {
        continue;
      }
      for (int i = 0; i < n; i++) {
        Sample s = samples.get(order[b * bs + i]);
        RgbImage img = augmentation.apply(training.load(s),
            ImageTransform.randomFor(config.seed() * 1_000_003L + epoch, s.id()));
        architecture.preprocessor().write(img, xbuf, i * sampleSize, false);
      }
      try (INDArray x = Nd4j.create(java.util.Arrays.copyOf(xbuf, n * sampleSize), new long[] {n, c, h, w}, 'c');
          INDArray y = Nd4j.zeros(DataType.FLOAT, n, k)) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("input", x);
        feed.put("label", y);
        SplittableRandom masks = new SplittableRandom(config.seed() * 0x2545F4914F6CDD1DL + epoch * 65_537L + b);
        for (TrainingGraphBuilder.RandomMask dp : dropPaths) {
          feed.put(dp.placeholder(), dp.draw(n, masks));
        }
        Map<String, INDArray> out = sd.output(feed, stats.values().toArray(new String[0]));
        for (Map.Entry<String, String> e : stats.entrySet()) {
          float[] v = out.get(e.getValue()).data().asFloat();
          double[] acc = sum.computeIfAbsent(e.getKey(), key -> new double[v.length]);
          for (int i = 0; i < v.length; i++) {
            acc[i] += v[i];
          }
        }
      }
    }
    int used = 0;
    for (int b = 0; b < batches; b++) {
      used += Math.min(bs, samples.size() - b * bs) >= 2 ? 1 : 0;
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

  private void step(State st, String p, INDArray param, INDArray grad, double lr, boolean decay) {
    OptimizerConfig o = config.optimizer();
    INDArray g = grad;
    if (decay && o.weightDecay() > 0 && o.kind() != OptimizerConfig.Kind.ADAMW) {
      g = grad.add(param.mul(o.weightDecay()));
    }
    switch (o.kind()) {
      case SGD -> {
        INDArray buf = st.m.computeIfAbsent(p, x -> Nd4j.zeros(param.dataType(), param.shape()));
        buf.muli(o.momentum()).addi(g);
        param.subi(buf.mul(lr));
      }
      case ADAM, ADAMW -> {
        if (decay && o.kind() == OptimizerConfig.Kind.ADAMW && o.weightDecay() > 0) {
          param.muli(1 - lr * o.weightDecay());
        }
        INDArray m = st.m.computeIfAbsent(p, x -> Nd4j.zeros(param.dataType(), param.shape()));
        INDArray v = st.v.computeIfAbsent(p, x -> Nd4j.zeros(param.dataType(), param.shape()));
        m.muli(o.beta1()).addi(g.mul(1 - o.beta1()));
        v.muli(o.beta2()).addi(g.mul(g).muli(1 - o.beta2()));
        double bc1 = 1 - Math.pow(o.beta1(), st.step);
        double bc2 = 1 - Math.pow(o.beta2(), st.step);
        INDArray denom = Transforms.sqrt(v, true).divi(Math.sqrt(bc2)).addi(o.epsilon());
        param.subi(m.div(denom).muli(lr / bc1));
      }
      default -> throw new IllegalStateException(o.kind().toString());
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

  private Map<String, NamedTensor> extract(SameDiff sd, TrainingGraphBuilder g, List<String> params,
      Map<String, float[]> buffers) {
    Map<String, NamedTensor> out = new LinkedHashMap<>();
    for (ParamSpec p : architecture.parameters()) {
      float[] d;
      if (!p.trainable()) {
        d = buffers.get(p.name()).clone();
      } else {
        INDArray a = sd.getArrForVarName(p.name());
        if (a == null) {
          throw new IllegalStateException("parameter " + p.name() + " is not used by the graph");
        }
        INDArray canonical = g.isConvLayout(p.name()) ? a.permute(3, 2, 0, 1) : a;
        d = canonical.dup('c').data().asFloat();
      }
      out.put(p.name(), NamedTensor.f32(p.name(), p.shape(), d));
    }
    return out;
  }

  private Map<String, Double> evaluate(Map<String, NamedTensor> weights, Dataset validation) {
    List<Sample> vs = validation.samples();
    int[] labels = new int[vs.size()];
    double[] scores = new double[vs.size()];
    try (SameDiffDetector d = SameDiffDetector.create(name, architecture, weights, Map.of(),
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

  private void writeCheckpoint(Path file, Map<String, NamedTensor> now, State st) {
    List<NamedTensor> t = new ArrayList<>();
    now.values().forEach(x -> t.add(rename("w/", x)));
    if (st.bestWeights != null) {
      st.bestWeights.values().forEach(x -> t.add(rename("best/", x)));
    }
    addState(t, "m/", st.m);
    addState(t, "v/", st.v);
    ObjectNode s = JSON.createObjectNode();
    s.put("epoch", st.epoch);
    s.put("step", st.step);
    s.put("lr", st.lr);
    s.put("best", st.best);
    s.put("bestEpoch", st.bestEpoch);
    s.put("bad", st.bad);
    s.put("plateauBad", st.plateauBad);
    s.put("stopped", st.stopped);
    ObjectNode bm = s.putObject("bestMetrics");
    st.bestMetrics.forEach(bm::put);
    s.put("settings", String.valueOf(settings()));
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    try {
      Files.createDirectories(file.getParent());
      SafeTensors.write(tmp, t, Map.of("state", JSON.writeValueAsString(s)));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file, e);
    }
  }

  private static void addState(List<NamedTensor> out, String prefix, Map<String, INDArray> state) {
    for (Map.Entry<String, INDArray> e : new TreeMap<>(state).entrySet()) {
      out.add(NamedTensor.f32(prefix + e.getKey(), e.getValue().shape(), e.getValue().dup('c').data().asFloat()));
    }
  }

  private static NamedTensor rename(String prefix, NamedTensor x) {
    return new NamedTensor(prefix + x.name(), x.dtype(), x.shape(), x.data());
  }

  private Map<String, NamedTensor> readCheckpoint(Path file, State st) {
    SafeTensors.Contents c = SafeTensors.read(file);
    String settingsNow = String.valueOf(settings());
    try {
      com.fasterxml.jackson.databind.JsonNode s = JSON.readTree(c.metadata().getOrDefault("state", "{}"));
      if (!settingsNow.equals(s.path("settings").asText())) {
        throw new BadModelFileException(file, "checkpoint was written by a trainer with other settings: "
            + s.path("settings").asText() + " (now " + settingsNow + ")");
      }
      st.epoch = s.get("epoch").asInt();
      st.step = s.get("step").asLong();
      st.lr = s.get("lr").asDouble();
      st.best = s.get("best").asDouble();
      st.bestEpoch = s.get("bestEpoch").asInt();
      st.bad = s.get("bad").asInt();
      st.plateauBad = s.get("plateauBad").asInt();
      st.stopped = s.get("stopped").asBoolean();
      s.get("bestMetrics").fields().forEachRemaining(e -> st.bestMetrics.put(e.getKey(), e.getValue().asDouble()));
    } catch (IOException | NullPointerException e) {
      throw new BadModelFileException(file, "corrupt checkpoint state: " + e, e);
    }
    Map<String, NamedTensor> w = new LinkedHashMap<>();
    Map<String, NamedTensor> best = new LinkedHashMap<>();
    for (ParamSpec p : architecture.parameters()) {
      w.put(p.name(), strip(c.get("w/" + p.name()), p.name()));
      c.find("best/" + p.name()).ifPresent(t -> best.put(p.name(), strip(t, p.name())));
    }
    st.bestWeights = best.isEmpty() ? null : best;
    for (NamedTensor t : c.tensors().values()) {
      if (t.name().startsWith("m/")) {
        st.m.put(t.name().substring(2), Nd4j.create(t.data(), t.shape(), 'c'));
      } else if (t.name().startsWith("v/")) {
        st.v.put(t.name().substring(2), Nd4j.create(t.data(), t.shape(), 'c'));
      }
    }
    return w;
  }

  private static NamedTensor strip(NamedTensor t, String name) {
    return new NamedTensor(name, t.dtype(), t.shape(), t.data());
  }

  private static void closeGraph(SameDiff sd) {
    for (SDVariable v : sd.variableMap().values()) {
      if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE
          || v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.CONSTANT) {
        INDArray a = v.getArr();
        if (a != null && a.closeable()) {
          a.close();
        }
      }
    }
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
