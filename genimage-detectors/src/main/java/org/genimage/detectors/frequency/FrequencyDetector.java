package org.genimage.detectors.frequency;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genimage.api.BadModelFileException;
import org.genimage.api.Checks;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.RgbImage;
import org.genimage.detectors.weights.NamedTensor;
import org.genimage.detectors.weights.SafeTensors;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Detector} for one {@link FrequencyArchitecture} and its weights: it preprocesses images with
 * the architecture's own transform straight into a batch buffer, runs the SameDiff inference graph
 * (batch-norm running statistics, no dropout) and returns {@code softmax(logits)[FAKE]}.
 *
 * <p>Saved as one safetensors file: the weights under their canonical PyTorch names and layouts, and in
 * the header metadata the architecture's properties plus provenance (keys prefixed {@code provenance.}).
 * Scoring is serialised ({@link DetectorInfo#threadSafe()} is false: one SameDiff graph per instance).
 */
public final class FrequencyDetector implements Detector {
  private static final String INPUT = "input";
  private static final int PREFERRED_BATCH = 16;

  private final FrequencyArchitecture architecture;
  private final Map<String, INDArray> weights;
  private final Map<String, String> provenance;
  private SameDiff graph;
  private String logitsName;
  private boolean closed;

  /**
   * A detector.
   *
   * @param architecture the architecture
   * @param weights every tensor the architecture declares, by canonical name (not copied)
   * @param provenance how it was made (trainer, data, seed), recorded in {@link #info()} and saved
   */
  public FrequencyDetector(FrequencyArchitecture architecture, Map<String, INDArray> weights,
      Map<String, String> provenance) {
    this.architecture = Checks.notNull("architecture", architecture);
    this.weights = Map.copyOf(Checks.notNull("weights", weights));
    this.provenance = Map.copyOf(Checks.notNull("provenance", provenance));
    build();
  }

  /**
   * A detector with freshly initialised (untrained) weights.
   *
   * @param architecture the architecture
   * @param seed the initialisation seed
   * @return the detector
   */
  public static FrequencyDetector initialised(FrequencyArchitecture architecture, long seed) {
    GraphParams p = declare(architecture, Map.of(), seed, false);
    Map<String, INDArray> w = new LinkedHashMap<>();
    p.variables().forEach((k, v) -> w.put(k, v.getArr()));
    return new FrequencyDetector(architecture, w, Map.of("init.seed", Long.toString(seed)));
  }

  /**
   * Builds an architecture's graph on a fresh SameDiff instance.
   *
   * @param architecture the architecture
   * @param weights given values
   * @param seed initialisation seed for the others
   * @param training whether to build the training graph
   * @return the declaration context (its SameDiff holds the graph; the logits are named "logits")
   */
  static GraphParams declare(FrequencyArchitecture architecture, Map<String, INDArray> weights, long seed,
      boolean training) {
    SameDiff sd = SameDiff.create();
    GraphParams p = new GraphParams(sd, weights, seed, training);
    int s = architecture.inputSize();
    SDVariable in = sd.placeHolder(INPUT, DataType.FLOAT, -1, architecture.channels(), s, s);
    p.batchSource(in);
    SDVariable logits = architecture.build(p, in);
    logits.rename("logits");
    return p;
  }

  private void build() {
    GraphParams p = declare(architecture, weights, 0, false);
    List<String> missing = new ArrayList<>();
    for (GraphParams.ParamSpec spec : p.specs()) {
      if (!weights.containsKey(spec.name())) {
        missing.add(spec.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new org.genimage.api.BadArgumentException("weights", missing.size() + " missing",
          "every tensor of " + architecture.family() + ", e.g. " + missing.get(0));
    }
    graph = p.sd();
    logitsName = "logits";
  }

  /**
   * The architecture.
   *
   * @return it
   */
  public FrequencyArchitecture architecture() {
    return architecture;
  }

  /**
   * The weights by canonical name.
   *
   * @return an unmodifiable map (the arrays are shared: do not modify)
   */
  public Map<String, INDArray> weights() {
    return weights;
  }

  @Override
  public DetectorInfo info() {
    Map<String, String> prov = new LinkedHashMap<>(architecture.properties());
    prov.putAll(provenance);
    return new DetectorInfo(architecture.family(), architecture.family(), architecture.inputSize(),
        PREFERRED_BATCH, false, prov);
  }

  /**
   * The logits of a batch, {@code [N, 2]} (REAL, FAKE).
   *
   * @param images the images
   * @return the logits
   */
  public synchronized float[] logits(List<RgbImage> images) {
    Checks.notNull("images", images);
    if (closed) {
      throw new IllegalStateException(architecture.family() + " detector is closed");
    }
    int c = architecture.channels();
    int s = architecture.inputSize();
    int per = c * s * s;
    float[] batch = new float[images.size() * per];
    for (int i = 0; i < images.size(); i++) {
      architecture.preprocess(Checks.notNull("images[" + i + "]", images.get(i)), batch, i * per);
    }
    INDArray x = Nd4j.create(batch, new long[] {images.size(), c, s, s}, 'c');
    INDArray out = graph.output(Map.of(INPUT, x), logitsName).get(logitsName);
    return out.dup('c').data().asFloat();
  }

  @Override
  public float[] scoreBatch(List<RgbImage> images) {
    Checks.notNull("images", images);
    if (images.isEmpty()) {
      return new float[0];
    }
    float[] z = logits(images);
    float[] p = new float[images.size()];
    for (int i = 0; i < p.length; i++) {
      double a = z[2 * i];
      double b = z[2 * i + 1];
      double m = Math.max(a, b);
      double eb = Math.exp(b - m);
      p[i] = (float) (eb / (Math.exp(a - m) + eb));
    }
    return p;
  }

  @Override
  public void save(Path file) {
    Checks.notNull("file", file);
    List<NamedTensor> tensors = new ArrayList<>();
    weights.forEach((k, v) -> tensors.add(NamedTensor.f32(k, v.shape(),
        v.castTo(DataType.FLOAT).dup('c').data().asFloat())));
    Map<String, String> meta = new LinkedHashMap<>(architecture.properties());
    provenance.forEach((k, v) -> meta.put("provenance." + k, v));
    SafeTensors.write(file, tensors, meta);
  }

  /**
   * Reads a detector written by {@link #save(Path)}.
   *
   * @param file the file
   * @return the detector
   * @throws BadModelFileException if the file is not a frequency detector or lacks tensors
   */
  public static FrequencyDetector load(Path file) {
    SafeTensors.Contents contents = SafeTensors.read(file);
    Map<String, String> meta = contents.metadata();
    if (!meta.containsKey("family")) {
      throw new BadModelFileException(file, "no 'family' in the safetensors metadata");
    }
    FrequencyArchitecture arch;
    try {
      arch = FrequencyArchitectures.fromProperties(meta);
    } catch (RuntimeException e) {
      throw new BadModelFileException(file, "bad architecture properties: " + e.getMessage(), e);
    }
    Map<String, INDArray> w = new HashMap<>();
    contents.tensors().forEach((k, t) -> w.put(k, Nd4j.create(t.data(), t.shape(), 'c')));
    Map<String, String> prov = new LinkedHashMap<>();
    meta.forEach((k, v) -> {
      if (k.startsWith("provenance.")) {
        prov.put(k.substring("provenance.".length()), v);
      }
    });
    try {
      return new FrequencyDetector(arch, w, prov);
    } catch (RuntimeException e) {
      throw new BadModelFileException(file, e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    // M2.1's SameDiff has no close(); dropping the reference lets its arrays be collected
    graph = null;
  }
}
