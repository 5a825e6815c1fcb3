package org.genimage.detectors.frequency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.genimage.api.Checks;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.DetectorTrainer;
import org.genimage.api.EpochSummary;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Trains a {@link FrequencyArchitecture} with two-class cross-entropy on SameDiff: mini-batches drawn in
 * a seeded order each epoch, each image passed through the training transform (with a generator derived
 * from the seed, epoch and sample id, so runs repeat exactly) and the architecture's preprocessing.
 *
 * <p>Deviations from PyTorch training, stated once here: batch norm uses batch statistics during training
 * and, instead of a momentum-averaged running estimate, the running statistics are recomputed after
 * training from {@link Options#recalibrationBatches()} training batches (mean of batch means, mean of
 * unbiased batch variances); SGD momentum is ND4J's Nesterov momentum (PyTorch's reference recipes use
 * plain momentum); weight decay is coupled L2, as PyTorch's {@code weight_decay} for SGD and Adam.
 *
 * <p>This is the frequency detectors' own trainer, kept until the module's shared trainer can take
 * architectures that declare their tensors while building (see README-frequency.md).
 */
public final class FrequencyTrainer implements DetectorTrainer {
  /** The optimiser. */
  public enum Optimiser {
    /** Adam (GramNet: lr 3e-4, wd 1e-4; F3Net: Adam lr 2e-4 in the reference). */
    ADAM,
    /** SGD with (Nesterov) momentum (Spec: lr 0.01, momentum 0.9, wd 1e-4). */
    SGD
  }

  /**
   * Training options.
   *
   * @param epochs passes over the training set
   * @param batchSize images per step
   * @param optimiser the optimiser
   * @param learningRate the learning rate
   * @param momentum SGD momentum (ignored by Adam)
   * @param weightDecay coupled L2 coefficient
   * @param seed seed of initialisation, order and augmentation
   * @param transform the training transform (augmentation; identity for none)
   * @param recalibrationBatches training batches used to recompute batch-norm running statistics
   */
  public record Options(int epochs, int batchSize, Optimiser optimiser, double learningRate,
      double momentum, double weightDecay, long seed, ImageTransform transform, int recalibrationBatches) {
    /** Validates. */
    public Options {
      Checks.positive("epochs", epochs);
      Checks.positive("batchSize", batchSize);
      Checks.notNull("optimiser", optimiser);
      Checks.positive("learningRate", learningRate);
      Checks.inRange("momentum", momentum, 0.0, 0.999);
      Checks.nonNegative("weightDecay", weightDecay);
      Checks.notNull("transform", transform);
      Checks.positive("recalibrationBatches", recalibrationBatches);
    }
  }

  private final FrequencyArchitecture architecture;
  private final Options options;

  /**
   * A trainer.
   *
   * @param architecture what to train
   * @param options how
   */
  public FrequencyTrainer(FrequencyArchitecture architecture, Options options) {
    this.architecture = Checks.notNull("architecture", architecture);
    this.options = Checks.notNull("options", options);
  }

  @Override
  public String name() {
    return architecture.family();
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> m = new LinkedHashMap<>(architecture.properties());
    m.put("epochs", Integer.toString(options.epochs()));
    m.put("batchSize", Integer.toString(options.batchSize()));
    m.put("optimiser", options.optimiser().name());
    m.put("learningRate", Double.toString(options.learningRate()));
    m.put("momentum", Double.toString(options.momentum()));
    m.put("weightDecay", Double.toString(options.weightDecay()));
    m.put("seed", Long.toString(options.seed()));
    m.put("transform", options.transform().description());
    m.put("recalibrationBatches", Integer.toString(options.recalibrationBatches()));
    return Map.copyOf(m);
  }

  @Override
  public Detector train(Dataset training, Dataset validation, TrainingListener listener) {
    return trainDetector(training, listener);
  }

  /**
   * Trains and returns the concrete detector type.
   *
   * @param training the training set
   * @param listener progress
   * @return the trained detector
   */
  public FrequencyDetector trainDetector(Dataset training, TrainingListener listener) {
    Checks.notNull("training", training);
    Checks.notNull("listener", listener);
    List<Sample> samples = training.samples();
    Checks.notEmpty("training.samples()", samples);
    GraphParams p = FrequencyDetector.declare(architecture, Map.of(), options.seed(), true);
    SameDiff sd = p.sd();
    SDVariable logits = sd.getVariable("logits");
    SDVariable labels = sd.placeHolder("label", DataType.FLOAT, -1, 2);
    SDVariable loss = sd.nn().logSoftmax(logits).mul(labels).sum(1).mean().neg();
    loss.rename("loss");
    sd.setLossVariables("loss");
    IUpdater updater = options.optimiser() == Optimiser.ADAM
        ? new Adam(options.learningRate())
        : new Nesterovs(options.learningRate(), options.momentum());
    TrainingConfig.Builder tc = TrainingConfig.builder().updater(updater)
        .dataSetFeatureMapping("input").dataSetLabelMapping("label");
    if (options.weightDecay() > 0) {
      tc.l2(options.weightDecay());
    }
    sd.setTrainingConfig(tc.build());

    int batches = (samples.size() + options.batchSize() - 1) / options.batchSize();
    listener.onStart(options.epochs(), batches);
    for (int epoch = 1; epoch <= options.epochs(); epoch++) {
      long start = System.nanoTime();
      int[] order = shuffled(samples.size(), options.seed() * 31 + epoch);
      double total = 0;
      for (int b = 0; b < batches; b++) {
        MultiDataSet mds = batch(training, samples, order, b, epoch);
        // M2.1's fit(MultiDataSet) returns no loss curve: the loss is read with a forward pass (dropout
        // draws differ from the step's, so it is an estimate)
        sd.fit(mds);
        double l = sd.output(Map.of("input", mds.getFeatures(0), "label", mds.getLabels(0)), "loss")
            .get("loss").getDouble(0);
        total += l;
        listener.onBatch(epoch, b + 1, l);
      }
      listener.onEpoch(new EpochSummary(epoch, total / batches, Map.of(), false,
          Duration.ofNanos(System.nanoTime() - start)));
    }
    Map<String, INDArray> weights = new LinkedHashMap<>();
    for (GraphParams.ParamSpec s : p.specs()) {
      weights.put(s.name(), sd.getVariable(s.name()).getArr().dup());
    }
    recalibrate(p, training, samples, weights);
    Map<String, String> prov = new LinkedHashMap<>(settings());
    prov.remove("family");
    prov.put("trainer", FrequencyTrainer.class.getName());
    prov.put("trainingSet", training.name());
    prov.put("trainingSamples", Integer.toString(samples.size()));
    return new FrequencyDetector(architecture, weights, prov);
  }

  private void recalibrate(GraphParams p, Dataset training, List<Sample> samples,
      Map<String, INDArray> weights) {
    List<GraphParams.BatchStatistics> stats = p.batchStatistics();
    if (stats.isEmpty()) {
      return;
    }
    List<String> names = new ArrayList<>();
    for (GraphParams.BatchStatistics s : stats) {
      names.add(s.batchMean().name());
      names.add(s.batchVar().name());
      names.add(s.count().name());
    }
    int[] order = shuffled(samples.size(), options.seed() * 31 + 1);
    int batches = Math.min(options.recalibrationBatches(),
        (samples.size() + options.batchSize() - 1) / options.batchSize());
    Map<String, INDArray> sums = new LinkedHashMap<>();
    for (int b = 0; b < batches; b++) {
      MultiDataSet mds = batch(training, samples, order, b, 1);
      Map<String, INDArray> out = p.sd().output(Map.of("input", mds.getFeatures(0)),
          names.toArray(new String[0]));
      for (GraphParams.BatchStatistics s : stats) {
        double n = out.get(s.count().name()).getDouble(0);
        INDArray mean = out.get(s.batchMean().name());
        INDArray var = out.get(s.batchVar().name()).mul(n > 1 ? n / (n - 1) : 1.0);
        sums.merge(s.runningMean(), mean.dup(), INDArray::add);
        sums.merge(s.runningVar(), var, INDArray::add);
      }
    }
    sums.forEach((k, v) -> weights.put(k, v.div(batches).castTo(DataType.FLOAT)));
  }

  private MultiDataSet batch(Dataset data, List<Sample> samples, int[] order, int b, int epoch) {
    int from = b * options.batchSize();
    int to = Math.min(samples.size(), from + options.batchSize());
    int n = to - from;
    int c = architecture.channels();
    int s = architecture.inputSize();
    int per = c * s * s;
    float[] x = new float[n * per];
    float[] y = new float[n * 2];
    for (int i = 0; i < n; i++) {
      Sample sample = samples.get(order[from + i]);
      RgbImage img = data.load(sample);
      img = options.transform().apply(img,
          ImageTransform.randomFor(options.seed() * 1_000_003L + epoch, sample.id()));
      architecture.preprocess(img, x, i * per);
      y[2 * i + sample.label().index()] = 1f;
    }
    return new MultiDataSet(new INDArray[] {Nd4j.create(x, new long[] {n, c, s, s}, 'c')},
        new INDArray[] {Nd4j.create(y, new long[] {n, 2}, 'c')});
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
}
