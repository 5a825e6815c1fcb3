package org.genimage.detectors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.ModelProvenance;
import org.genimage.api.Precision;
import org.genimage.api.Predictor;
import org.genimage.api.ReadLimits;
import org.genimage.api.RgbImage;
import org.genimage.api.WeightsSource;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.onednn.OneDnn;
import org.genimage.detectors.onednn.UnsupportedGraphException;
import org.genimage.detectors.onednn.graph.ActivationRanges;
import org.genimage.detectors.onednn.graph.InferenceExecutor;
import org.genimage.detectors.preprocess.CompiledPipeline;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.genimage.detectors.weights.WeightMapping;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Detector} for any {@link Architecture}: builds the inference graph once (constants, batch norm
 * folded), preprocesses each image straight into a reused batch buffer, runs batches of
 * {@link InferenceOptions#batchSize()} and turns logits into P(FAKE) with the architecture's {@link Head}.
 *
 * <p>The forward pass runs on the engine {@link InferenceOptions#engine()} selects: with
 * {@link InferenceEngine#AUTO} (the default) the graph is compiled into a oneDNN plan ({@link InferenceExecutor})
 * when every op has a lowering (all seven paper architectures do), and SameDiff runs it otherwise;
 * {@link #engineDescription()} says which and why. The plan reads NCHW input and picks its own layouts inside;
 * {@link InferenceOptions#channelsLast()} applies to SameDiff's graph only. {@link #run} always uses SameDiff.
 *
 * <p>A detector may carry a {@link DetectorCalibration} (stored in its file): {@code score()}, {@code scoreBatch()}
 * and its predictors then return the calibrated P(FAKE) of the raw logit {@link Head#logit}, and {@link #info()}'s
 * provenance records it. {@link #logits} and {@link #rawLogits} are never calibrated.
 *
 * <p>Thread-safety: thread-safe, and on the oneDNN plan lock-free across a forward pass: the weights exist once,
 * and each call borrows a {@link Predictor}'s buffers (preprocessed batch, the plan's activation arena) from a pool,
 * so concurrent calls run in parallel; a thread that scores many batches can hold a predictor of its own
 * ({@link #newPredictor()}). On SameDiff the forward pass itself is serialised (SameDiff's sessions are not
 * thread-safe). {@link InferenceOptions#threads()} bounds the native threads of each call. {@link #close()}
 * releases the native memory, after the last call has returned; a closed detector throws
 * {@link IllegalStateException}.
 */
public final class NetworkDetector implements Detector {
  /** Name of the input placeholder of inference graphs. */
  public static final String INPUT = "input";
  /** Name of the logits output of inference graphs. */
  public static final String LOGITS = "logits";
  /**
   * ND4J M2.1's inference session records every freed array id in a set it never clears (28 entries
   * per ResNet batch), so the heap grows without bound; dropping the sessions every this many batches
   * bounds it at the cost of one session rebuild.
   */
  static final int SESSION_RESET_BATCHES = 512;

  private final String name;
  private final Architecture architecture;
  private final Map<String, NamedTensor> weights;
  private final ModelProvenance provenance;
  private final DetectorCalibration calibration;
  private final Int8Calibration int8;
  private final InferenceOptions options;
  private final CompiledPipeline pre;
  private final boolean channelsLast;
  private final Map<Integer, INDArray> inputs = new HashMap<>();
  private final ConcurrentLinkedDeque<Scorer> idle = new ConcurrentLinkedDeque<>();
  private final int batchValues;
  private SameDiff sd;
  private InferenceExecutor plan;
  private final String engineDescription;
  private int batchesSinceSessionReset;
  private volatile boolean closed;

  private NetworkDetector(String name, Architecture architecture, Map<String, NamedTensor> weights,
      ModelProvenance provenance, InferenceOptions options, DetectorCalibration calibration,
      Int8Calibration int8) {
    this.name = Checks.notBlank("name", name);
    if (Checks.notNull("options", options).precision() == Precision.INT8 && int8 == null) {
      // Refused before any graph is built, on every engine.
      throw new BadArgumentException("precision", "int8", "activation ranges collected on calibration images for"
          + " int8 (NetworkDetector.activationRanges and withInt8, or genimage quantize)");
    }
    this.int8 = int8;
    this.architecture = Checks.notNull("architecture", architecture);
    this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    this.provenance = provenance;
    this.calibration = calibration;
    this.options = Checks.notNull("options", options);
    this.pre = architecture.preprocessing().compile();
    this.batchValues = scratchLength(options.batchSize(), sampleSize());
    String engine = selectEngine();
    // Only the plan has lower precisions: say so when SameDiff runs what was asked for in one.
    this.engineDescription = plan == null && options.precision() != Precision.FP32
        ? engine + ", fp32 (" + options.precision().label() + " runs on the oneDNN plan only)" : engine;
    this.channelsLast = sd != null && plan == null && options.channelsLast() && architecture.supportsChannelsLast();
  }

  /** Builds the graph ({@link #sd}) and, where it compiles, the plan; returns the engine's description. */
  private String selectEngine() {
    boolean nhwc = options.channelsLast() && architecture.supportsChannelsLast();
    if (options.engine() == InferenceEngine.SAMEDIFF) {
      sd = inferenceBuilder(architecture, weights, nhwc).sd();
      return "SameDiff (requested)";
    }
    if (options.engine() == InferenceEngine.AUTO && !Nd4j.getEnvironment().isCPU()) {
      // The plan is CPU-only: on a GPU backend (-Pcuda) SameDiff runs the graph on the device.
      sd = inferenceBuilder(architecture, weights, nhwc).sd();
      return "SameDiff (ND4J runs on a GPU backend; the oneDNN plan is CPU-only)";
    }
    String why = OneDnn.problem().orElse(null);
    InferenceGraphBuilder nchw = inferenceBuilder(architecture, weights, false);
    if (why == null) {
      // oneDNN's kernels fix their thread count when the primitive is created: compile under the limit too.
      int previous = NativeThreads.limit(options.threads());
      try {
        plan = InferenceExecutor.compile(nchw, INPUT, LOGITS, options.batchSize(), options.precision(),
            int8 == null ? null : int8.ranges());
        sd = nchw.sd();
        return plan.description();
      } catch (UnsupportedGraphException e) {
        why = e.getMessage();
      } finally {
        NativeThreads.restore(previous);
      }
    }
    if (options.engine() == InferenceEngine.ONEDNN) {
      closeArrays(nchw.sd());
      throw new BadArgumentException("options.engine", InferenceEngine.ONEDNN,
          "the oneDNN plan cannot run " + architecture.displayName() + " (" + why + ")");
    }
    if (nhwc) {
      closeArrays(nchw.sd());
      sd = inferenceBuilder(architecture, weights, true).sd();
    } else {
      sd = nchw.sd();
    }
    return "SameDiff (no oneDNN plan: " + why + ")";
  }

  /**
   * A detector from an architecture and weights whose names and shapes must match its
   * {@link Architecture#parameters()} exactly.
   *
   * @param name         display name
   * @param architecture the architecture
   * @param weights      canonical weights (not copied: do not modify them afterwards)
   * @param provenance   notes for the provenance (entries in {@link ModelProvenance#asMap()}'s form become typed
   *                     fields); the weights are recorded as {@link WeightsSource.Kind#GIVEN} unless the entries
   *                     say otherwise
   * @param options      inference options
   * @return the detector
   * @throws org.genimage.api.BadModelFileException when a weight is missing, extra or wrongly shaped
   */
  public static NetworkDetector create(String name, Architecture architecture, Map<String, NamedTensor> weights,
      Map<String, String> provenance, InferenceOptions options) {
    ModelProvenance p = ModelProvenance.fromMap(Checks.notNull("provenance", provenance));
    if (p.weights().kind() == WeightsSource.Kind.UNKNOWN) {
      p = new ModelProvenance(p.genimageVersion(), p.family(), p.architecture(), p.architectureConfig(),
          WeightsSource.of(WeightsSource.Kind.GIVEN), p.weightsSha256(), p.training(), p.notes());
    }
    return create(name, architecture, weights, p, options);
  }

  /**
   * A detector from an architecture, weights whose names and shapes must match its
   * {@link Architecture#parameters()} exactly, and typed provenance.
   *
   * @param name         display name
   * @param architecture the architecture
   * @param weights      canonical weights (not copied: do not modify them afterwards)
   * @param provenance   where the model came from; its family, architecture name and configuration are set from
   *                     {@code architecture}, and an empty version becomes this library's
   * @param options      inference options
   * @return the detector
   * @throws org.genimage.api.BadModelFileException when a weight is missing, extra or wrongly shaped
   */
  public static NetworkDetector create(String name, Architecture architecture, Map<String, NamedTensor> weights,
      ModelProvenance provenance, InferenceOptions options) {
    return create(name, architecture, weights, provenance, options, null);
  }

  /**
   * A detector as {@link #create(String, Architecture, Map, ModelProvenance, InferenceOptions)} makes it, whose
   * scores are calibrated.
   *
   * @param name         display name
   * @param architecture the architecture
   * @param weights      canonical weights (not copied: do not modify them afterwards)
   * @param provenance   where the model came from (notes under {@value DetectorCalibration#NOTE_PREFIX} are
   *                     dropped: they describe a calibration, and this detector's own is recorded instead)
   * @param options      inference options
   * @param calibration  the calibration scores go through, or null for none
   * @return the detector
   * @throws org.genimage.api.BadModelFileException when a weight is missing, extra or wrongly shaped
   */
  public static NetworkDetector create(String name, Architecture architecture, Map<String, NamedTensor> weights,
      ModelProvenance provenance, InferenceOptions options, DetectorCalibration calibration) {
    return create(name, architecture, weights, provenance, options, calibration, null);
  }

  /**
   * A detector as {@link #create(String, Architecture, Map, ModelProvenance, InferenceOptions,
   * DetectorCalibration)} makes it, with int8 activation ranges: it runs int8 when {@code options} ask for
   * {@link Precision#INT8}.
   *
   * @param name         display name
   * @param architecture the architecture
   * @param weights      canonical weights (not copied: do not modify them afterwards)
   * @param provenance   where the model came from
   * @param options      inference options
   * @param calibration  the calibration scores go through, or null for none
   * @param int8         the int8 calibration, or null for none
   * @return the detector
   * @throws org.genimage.api.BadModelFileException when a weight is missing, extra or wrongly shaped
   * @throws BadArgumentException when {@code options} ask for int8 and there is no int8 calibration
   */
  public static NetworkDetector create(String name, Architecture architecture, Map<String, NamedTensor> weights,
      ModelProvenance provenance, InferenceOptions options, DetectorCalibration calibration,
      Int8Calibration int8) {
    Checks.notNull("weights", weights);
    Checks.notNull("provenance", provenance);
    Map<String, long[]> shapes = architecture.shapes();
    // Names and shapes only: values come from the caller (a trainer, an importer that checked them already).
    WeightMapping.of(shapes).check(new SafeTensors.Contents(null, weights, Map.of())).requireOk();
    Map<String, NamedTensor> byName = new HashMap<>();
    weights.values().forEach(t -> byName.put(t.name(), t));
    Map<String, NamedTensor> checked = new LinkedHashMap<>();
    for (String n : shapes.keySet()) {
      checked.put(n, byName.get(n));
    }
    // The architecture's own facts win over what a caller or an older file recorded.
    Map<String, String> notes = new LinkedHashMap<>(provenance.notes());
    notes.keySet().removeIf(k -> k.startsWith(DetectorCalibration.NOTE_PREFIX)
        || k.startsWith(Int8Calibration.NOTE_PREFIX));
    ModelProvenance built = Provenances.of(architecture, provenance.weights(), provenance.training(),
        notes).withWeightsSha256(provenance.weightsSha256());
    if (!provenance.genimageVersion().isEmpty()) {
      built = new ModelProvenance(provenance.genimageVersion(), built.family(), built.architecture(),
          built.architectureConfig(), built.weights(), built.weightsSha256(), built.training(), built.notes());
    }
    return new NetworkDetector(name, architecture, checked, built, options, calibration, int8);
  }

  /**
   * This detector's weights and architecture with another calibration: a new detector (with its own compiled
   * graph; close both).
   *
   * @param newCalibration the calibration, or null for none
   * @return the new detector
   */
  public NetworkDetector withCalibration(DetectorCalibration newCalibration) {
    ensureOpen();
    return new NetworkDetector(name, architecture, weights, provenance, options, newCalibration, int8);
  }

  /**
   * This detector's weights, architecture and calibration with int8 activation ranges, running int8
   * ({@link Precision#INT8}; fp32 with a message where the CPU has no native int8 kernels): a new detector (close
   * both). Saving it stores the ranges; a file loaded without asking for int8 runs fp32.
   *
   * @param newInt8 the int8 calibration ({@link #activationRanges} and the images it came from)
   * @return the new detector
   */
  public NetworkDetector withInt8(Int8Calibration newInt8) {
    ensureOpen();
    Checks.notNull("newInt8", newInt8);
    return new NetworkDetector(name, architecture, weights, provenance, options.withPrecision(Precision.INT8),
        calibration, newInt8);
  }

  /**
   * The int8 activation ranges this detector carries.
   *
   * @return the int8 calibration, empty when it has none
   */
  public java.util.Optional<Int8Calibration> int8Calibration() {
    return java.util.Optional.ofNullable(int8);
  }

  /**
   * The activation ranges of this detector's network over calibration images (preprocessed as for scoring),
   * for {@link #withInt8}: what an int8 pass derives its scales from. A few hundred images like those it will
   * score are typical.
   *
   * @param images the calibration images, at least one
   * @return the ranges
   * @throws BadArgumentException when no image is given or oneDNN is not available here
   */
  public ActivationRanges activationRanges(List<RgbImage> images) {
    ensureOpen();
    Checks.notNull("images", images);
    if (images.isEmpty()) {
      throw new BadArgumentException("images", "none", "at least one calibration image");
    }
    int s = sampleSize();
    int b = Math.min(options.batchSize(), images.size());
    int count = (images.size() + b - 1) / b;
    // Preprocessed a batch at a time into one buffer, as the observing plan consumes them: never all at once.
    float[] batch = new float[b * s];
    Iterable<float[]> batches = () -> new java.util.Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public float[] next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        int start = next++ * b;
        for (int i = 0; i < b; i++) {
          // The last batch is filled up with its own images again: repeats change no minimum or maximum.
          int j = start + (start + i < images.size() ? i : i % (images.size() - start));
          pre.write(Checks.notNull("images[" + j + "]", images.get(j)), batch, i * s, false);
        }
        return batch;
      }
    };
    return activationRangesOfPreprocessed(batches, b);
  }

  /**
   * The activation ranges over batches of already preprocessed samples (NCHW), for benchmarks and callers with
   * their own preprocessing.
   *
   * @param batches full batches of {@code batchSize} samples each (an iterator may hand out one array refilled)
   * @param batchSize the samples per batch
   * @return the ranges
   * @throws BadArgumentException when oneDNN is not available here or no batch is given
   */
  public ActivationRanges activationRangesOfPreprocessed(Iterable<float[]> batches, int batchSize) {
    ensureOpen();
    String why = OneDnn.problem().orElse(null);
    if (why != null) {
      throw new BadArgumentException("engine", "onednn", "oneDNN for int8 activation ranges (" + why + ")");
    }
    int previous = NativeThreads.limit(options.threads());
    InferenceGraphBuilder builder = inferenceBuilder(architecture, weights, false);
    try {
      return InferenceExecutor.collectRanges(builder, INPUT, LOGITS, batchSize, batches);
    } finally {
      closeArrays(builder.sd());
      NativeThreads.restore(previous);
    }
  }

  /**
   * The calibration scores go through.
   *
   * @return the calibration, empty for an uncalibrated detector
   */
  public java.util.Optional<DetectorCalibration> calibration() {
    return java.util.Optional.ofNullable(calibration);
  }

  /**
   * Imports PyTorch weights saved as safetensors (e.g. {@code save_file(model.state_dict(), path)}), renamed
   * with the architecture's {@link Architecture#importRename()}.
   *
   * @param name         display name
   * @param architecture the architecture the weights belong to
   * @param file         the safetensors file
   * @param options      inference options
   * @return the detector
   * @throws org.genimage.api.BadModelFileException naming the file and every missing, extra or wrongly shaped
   *                                                tensor
   */
  public static NetworkDetector importTorch(String name, Architecture architecture, Path file,
      InferenceOptions options) {
    return WeightImport.read(architecture, file, null).detector(name, options);
  }

  /**
   * Builds the inference graph of an architecture: placeholder {@value #INPUT}, output {@value #LOGITS}.
   *
   * @param architecture the architecture
   * @param weights      canonical weights
   * @param channelsLast NHWC activations (input too)
   * @return the graph
   */
  public static SameDiff buildInferenceGraph(Architecture architecture, Map<String, NamedTensor> weights,
      boolean channelsLast) {
    return inferenceBuilder(architecture, weights, channelsLast).sd();
  }

  /**
   * The inference graph with the builder that wrote it (which knows its regions, for the oneDNN graph plan).
   *
   * @param architecture the architecture
   * @param weights      canonical weights
   * @param channelsLast NHWC activations (only if the architecture supports it)
   * @return the builder; its {@link GraphBuilder#sd()} holds {@link #INPUT} and {@link #LOGITS}
   */
  public static InferenceGraphBuilder inferenceBuilder(Architecture architecture, Map<String, NamedTensor> weights,
      boolean channelsLast) {
    SameDiff g = SameDiff.create();
    PreprocessingPipeline p = architecture.preprocessing();
    SDVariable in = channelsLast
        ? g.placeHolder(INPUT, DataType.FLOAT, -1, p.height(), p.width(), p.channels())
        : g.placeHolder(INPUT, DataType.FLOAT, -1, p.channels(), p.height(), p.width());
    InferenceGraphBuilder builder = new InferenceGraphBuilder(g, weights, channelsLast);
    SDVariable logits = architecture.forward(builder, in);
    g.identity(LOGITS, logits);
    return builder;
  }

  /** The batch buffer's length, refused (not overflowed into a negative size) when it exceeds an array's. */
  private static int scratchLength(int batchSize, int sampleSize) {
    long n = (long) batchSize * sampleSize;
    if (n > ReadLimits.MAX_TENSOR_ELEMENTS) {
      throw new BadArgumentException("options.batchSize", batchSize, "at most "
          + ReadLimits.MAX_TENSOR_ELEMENTS / sampleSize + " for inputs of " + sampleSize + " values");
    }
    return (int) n;
  }

  private int sampleSize() {
    return pre.channels() * pre.height() * pre.width();
  }

  @Override
  public DetectorInfo info() {
    return DetectorInfo.of(name, architecture.displayName(), pre.width(), options.batchSize(), true, provenance(),
        engineDescription);
  }

  /**
   * Where this model came from (also in {@link #info()}), with the calibration's notes
   * ({@link DetectorCalibration#notes()}) and the int8 calibration's ({@link Int8Calibration#notes()}) when it has
   * them.
   *
   * @return the typed provenance
   */
  public ModelProvenance provenance() {
    if (calibration == null && int8 == null) {
      return provenance;
    }
    Map<String, String> notes = new LinkedHashMap<>(provenance.notes());
    if (calibration != null) {
      notes.putAll(calibration.notes());
    }
    if (int8 != null) {
      notes.putAll(int8.notes());
    }
    return new ModelProvenance(provenance.genimageVersion(), provenance.family(), provenance.architecture(),
        provenance.architectureConfig(), provenance.weights(), provenance.weightsSha256(), provenance.training(),
        notes);
  }

  /**
   * The architecture.
   *
   * @return the architecture
   */
  public Architecture architecture() {
    return architecture;
  }

  /**
   * The canonical weights (unfolded, PyTorch layout), as saved.
   *
   * @return name to tensor (unmodifiable; the arrays are shared, do not modify them)
   */
  public Map<String, NamedTensor> weights() {
    return weights;
  }

  /**
   * Which engine runs the forward pass and, for SameDiff under {@link InferenceEngine#AUTO}, why the oneDNN plan
   * is not used.
   *
   * @return e.g. {@code oneDNN 2.5.2 inference plan, batch 8, 56 steps, ...} or {@code SameDiff (no oneDNN plan: op 'erf' ...)}
   */
  public String engineDescription() {
    return engineDescription;
  }

  /**
   * The engine in use.
   *
   * @return {@link InferenceEngine#ONEDNN} or {@link InferenceEngine#SAMEDIFF}
   */
  public InferenceEngine engine() {
    return plan != null ? InferenceEngine.ONEDNN : InferenceEngine.SAMEDIFF;
  }

  /**
   * Whether this detector's input is channels-last: SameDiff's graph with {@link InferenceOptions#channelsLast()},
   * never the oneDNN plan.
   *
   * @return true for NHWC
   */
  public boolean channelsLast() {
    return channelsLast;
  }

  @Override
  public float[] scoreBatch(List<RgbImage> images) {
    return withScorer(s -> s.scoreBatch(images));
  }

  /**
   * Logits of up to {@link InferenceOptions#batchSize()} images, {@code head().outputs()} per image.
   *
   * @param images the images
   * @return the logits, row-major
   */
  public float[] logits(List<RgbImage> images) {
    return withScorer(s -> s.logits(images));
  }

  /**
   * The raw logit of FAKE of each image ({@link Head#logit}), never calibrated: what calibrations are fitted on.
   *
   * @param images any number of images
   * @return one logit per image
   */
  public double[] rawLogits(List<RgbImage> images) {
    return withScorer(s -> s.logitBatch(images, false));
  }

  /**
   * A predictor for one thread: its own preprocessed batch and, on the oneDNN plan, its own activation arena;
   * the weights are this detector's. Close it before closing the detector.
   *
   * @return the predictor
   * @throws IllegalStateException if this detector is closed
   */
  @Override
  public Predictor newPredictor() {
    ensureOpen();
    return new Scorer();
  }

  /** Runs {@code call} on a pooled scorer (a new one when every pooled one is busy) and returns it to the pool. */
  private <T> T withScorer(java.util.function.Function<Scorer, T> call) {
    Scorer s = idle.pollFirst();
    if (s == null) {
      s = new Scorer();
    }
    try {
      return call.apply(s);
    } finally {
      idle.offerFirst(s);
    }
  }

  /**
   * Logits of {@code n} already preprocessed samples (the forward pass alone, for benchmarks and callers
   * with their own preprocessing), on the engine in use. Thread-safe.
   *
   * @param batch {@code n} samples of {@code c * h * w} values in this detector's layout ({@link #channelsLast()})
   * @param n     1 to the batch size
   * @return the logits, {@code head().outputs()} per sample
   */
  public float[] logitsOfPreprocessed(float[] batch, int n) {
    ensureOpen();
    Checks.inRange("n", n, 1, options.batchSize());
    Checks.notNull("batch", batch);
    if (batch.length < n * sampleSize()) {
      throw new BadArgumentException("batch.length", batch.length, "at least " + n + " x " + sampleSize());
    }
    return withScorer(s -> s.forward(batch, n));
  }

  /**
   * One thread's scoring state: the batch being preprocessed and the plan's session (its activation arena).
   * Not thread-safe; pooled by the detector or handed out by {@link #newPredictor()}.
   */
  private final class Scorer implements LogitPredictor {
    private final float[] scratch = new float[batchValues];
    private final InferenceExecutor.Session session = plan != null ? plan.newSession() : null;

    @Override
    public float[] scoreBatch(List<RgbImage> images) {
      Checks.notNull("images", images);
      float[] out = new float[images.size()];
      int b = options.batchSize();
      Head head = architecture.head();
      int k = head.outputs();
      for (int start = 0; start < images.size(); start += b) {
        List<RgbImage> chunk = images.subList(start, Math.min(images.size(), start + b));
        float[] logits = logits(chunk);
        for (int i = 0; i < chunk.size(); i++) {
          out[start + i] = calibration == null ? head.probability(logits, i * k)
              : (float) calibration.probability(head.logit(logits, i * k));
        }
      }
      return out;
    }

    @Override
    public double[] logitBatch(List<RgbImage> images) {
      return logitBatch(images, true);
    }

    /** Raw logits ({@link Head#logit}), through the calibration when {@code calibrated} and there is one. */
    double[] logitBatch(List<RgbImage> images, boolean calibrated) {
      Checks.notNull("images", images);
      double[] out = new double[images.size()];
      int b = options.batchSize();
      Head head = architecture.head();
      int k = head.outputs();
      for (int start = 0; start < images.size(); start += b) {
        List<RgbImage> chunk = images.subList(start, Math.min(images.size(), start + b));
        float[] logits = logits(chunk);
        for (int i = 0; i < chunk.size(); i++) {
          double z = head.logit(logits, i * k);
          if (!calibrated) {
            out[start + i] = z;
          } else {
            out[start + i] = calibration != null ? calibration.logit(z) : Logits.clamp(z);
          }
        }
      }
      return out;
    }

    float[] logits(List<RgbImage> images) {
      ensureOpen();
      int n = images.size();
      if (n == 0) {
        return new float[0];
      }
      if (n > options.batchSize()) {
        throw new BadArgumentException("images.size()", n, "at most the batch size " + options.batchSize());
      }
      int s = sampleSize();
      for (int i = 0; i < n; i++) {
        pre.write(Checks.notNull("images[" + i + "]", images.get(i)), scratch, i * s, channelsLast);
      }
      return forward(scratch, n);
    }

    /** The forward pass of {@code n} preprocessed samples, on this scorer's session (or SameDiff, serialised). */
    float[] forward(float[] batch, int n) {
      if (session == null) {
        return sameDiffForward(batch, n);
      }
      int previous = NativeThreads.limit(options.threads());
      try {
        return session.run(batch, n);
      } finally {
        NativeThreads.restore(previous);
      }
    }

    @Override
    public void close() {
      if (session != null) {
        session.close();
      }
    }
  }

  private synchronized float[] sameDiffForward(float[] batch, int n) {
    ensureOpen();
    int s = sampleSize();
    INDArray input = inputs.computeIfAbsent(n, k -> channelsLast
        ? Nd4j.create(DataType.FLOAT, k, pre.height(), pre.width(), pre.channels())
        : Nd4j.create(DataType.FLOAT, k, pre.channels(), pre.height(), pre.width()));
    input.data().asNioFloat().put(batch, 0, n * s);
    Map<String, INDArray> r = sd.output(Map.of(INPUT, input), LOGITS);
    INDArray logits = r.get(LOGITS);
    float[] v = logits.dup().data().asFloat();
    logits.close();
    if (++batchesSinceSessionReset >= SESSION_RESET_BATCHES) {
      sd.getSessions().clear();
      batchesSinceSessionReset = 0;
    }
    return v;
  }

  /**
   * Runs the graph with SameDiff, whatever {@link #engine()} is, on an already preprocessed input and returns
   * the named outputs (for parity checks of intermediate values). The caller owns and should close the returned
   * arrays.
   *
   * @param input   {@code [n, c, h, w]} (or NHWC when {@link #channelsLast()})
   * @param outputs graph variable names, e.g. {@value #LOGITS}
   * @return name to array
   */
  public synchronized Map<String, INDArray> run(INDArray input, String... outputs) {
    ensureOpen();
    Map<String, INDArray> r = sd.output(Map.of(INPUT, Checks.notNull("input", input)), outputs);
    Map<String, INDArray> copy = new LinkedHashMap<>();
    r.forEach((k, v) -> copy.put(k, v));
    return copy;
  }

  /**
   * Saves this detector as one genimage detector file (see {@link DetectorFile}).
   *
   * @param file the destination
   */
  @Override
  public void save(Path file) {
    DetectorFile.write(file, name, architecture, weights, provenance, calibration, int8);
  }

  /** The inference graph, for tests of its bookkeeping. */
  synchronized SameDiff graph() {
    return sd;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    idle.clear();
    if (plan != null) {
      plan.close();
    }
    closeArrays(sd);
    for (INDArray a : inputs.values()) {
      if (a.closeable()) {
        a.close();
      }
    }
    inputs.clear();
    sd = null;
  }

  /** Frees a graph's constants and variables (their native memory), e.g. of a graph built but not used. */
  private static void closeArrays(SameDiff graph) {
    List<INDArray> arrays = new ArrayList<>();
    for (SDVariable v : graph.variableMap().values()) {
      if (v.getVariableType() == VariableType.CONSTANT || v.getVariableType() == VariableType.VARIABLE) {
        INDArray a = v.getArr();
        if (a != null) {
          arrays.add(a);
        }
      }
    }
    for (INDArray a : arrays) {
      if (a.closeable()) {
        a.close();
      }
    }
  }
}
