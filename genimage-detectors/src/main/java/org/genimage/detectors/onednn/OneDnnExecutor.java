package org.genimage.detectors.onednn;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.stream;
import org.genimage.api.BadArgumentException;
import org.genimage.api.Checks;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Runs a SameDiff inference graph's forward pass with oneDNN primitives: a {@link Plan} for the full batch,
 * compiled at once (so an unsupported graph is refused up front), and at most one for a smaller size (a final
 * partial batch), compiled on first use and replaced by a call of yet another size, so native memory stays bounded
 * however many sizes come; weights reordered once and shared between them.
 *
 * <p>Supported graphs: a 4-d float input placeholder, float constants, {@code conv2d} (explicit padding,
 * dilation, bias optional, {@code [kh, kw, in, out]} weights), ReLU, residual add, max pooling, mean over the
 * spatial axes, then a 2-d head of {@code matmul} with a constant, bias add and ReLU ending in a 2-d output —
 * what ResNet, CNNSpot and Spec build. Anything else throws {@link UnsupportedGraphException} from
 * {@link #compile}.
 *
 * <p>Thread-safety: not thread-safe (callers synchronize, as {@link org.genimage.detectors.SameDiffDetector}
 * does). Closing releases every native buffer; the SameDiff graph is only read while compiling.
 */
public final class OneDnnExecutor implements AutoCloseable {
  private final SameDiff graph;
  private final String input;
  private final String output;
  private final boolean channelsLast;
  private final int batchSize;
  private final engine eng;
  private final stream strm;
  private final WeightStore weights;
  private Plan full;
  private Plan other;
  private final int sampleSize;
  private int outputColumns;
  private long activationBytes;
  private Map<String, Integer> kernels = Map.of();
  private boolean closed;

  private OneDnnExecutor(SameDiff graph, String input, String output, boolean channelsLast, int batchSize) {
    this.graph = graph;
    this.input = input;
    this.output = output;
    this.channelsLast = channelsLast;
    this.batchSize = batchSize;
    this.eng = new engine(engine.kind.cpu, 0);
    this.strm = new stream(eng);
    this.weights = new WeightStore(eng, strm);
    long[] s = graph.getVariable(input).getShape();
    this.sampleSize = (int) (s[1] * s[2] * s[3]);
  }

  /**
   * Compiles the plan for the full batch.
   *
   * @param graph        an inference graph (constants only, no training ops)
   * @param input        the name of its 4-d input placeholder
   * @param output       the name of its 2-d output
   * @param channelsLast whether the graph's activations are NHWC (else NCHW)
   * @param batchSize    the largest batch
   * @return the executor
   * @throws UnsupportedGraphException when oneDNN cannot be loaded or the graph holds something unsupported
   */
  public static OneDnnExecutor compile(SameDiff graph, String input, String output, boolean channelsLast,
      int batchSize) {
    Checks.notNull("graph", graph);
    Checks.inRange("batchSize", batchSize, 1, 4096);
    OneDnn.requireAvailable();
    if (graph.getVariable(Checks.notBlank("input", input)) == null) {
      throw new UnsupportedGraphException("the graph has no input '" + input + "'");
    }
    long[] shape = graph.getVariable(input).getShape();
    if (shape == null || shape.length != 4) {
      throw new UnsupportedGraphException("input '" + input + "' is not 4-d");
    }
    OneDnnExecutor e = new OneDnnExecutor(graph, input, Checks.notBlank("output", output), channelsLast, batchSize);
    try {
      e.plan(batchSize);
      return e;
    } catch (RuntimeException ex) {
      e.close();
      throw ex;
    }
  }

  private Plan plan(int n) {
    if (n == batchSize && full != null) {
      return full;
    }
    if (n != batchSize && other != null && other.batch() == n) {
      return other;
    }
    PlanCompiler c = new PlanCompiler(graph, input, output, channelsLast, n, eng, strm, weights);
    Plan p = c.compile();
    if (n == batchSize) {
      full = p;
      activationBytes = c.activationBytes();
      outputColumns = c.outputColumns();
      kernels = Map.copyOf(c.kernels());
    } else {
      if (other != null) {
        other.close();
      }
      other = p;
    }
    return p;
  }

  /**
   * The batch size of the smaller plan kept, if any (for tests of the bound).
   *
   * @return its batch size, or 0
   */
  int otherBatch() {
    return other == null ? 0 : other.batch();
  }

  /**
   * The forward pass on {@code n} preprocessed samples.
   *
   * @param batch the samples, {@code n * sampleSize()} values in the graph's layout (longer arrays allowed)
   * @param n     how many samples, 1 to the batch size
   * @return the outputs, {@code n * outputColumns()} values, row-major
   */
  public float[] run(float[] batch, int n) {
    if (closed) {
      throw new IllegalStateException("the oneDNN executor is closed");
    }
    Checks.inRange("n", n, 1, batchSize);
    Checks.notNull("batch", batch);
    if (batch.length < (long) n * sampleSize) {
      throw new BadArgumentException("batch.length", batch.length, "at least " + n + " x " + sampleSize);
    }
    return plan(n).run(batch);
  }

  /**
   * Values per sample of the input.
   *
   * @return {@code c * h * w}
   */
  public int sampleSize() {
    return sampleSize;
  }

  /**
   * Values per sample of the output.
   *
   * @return the output's columns
   */
  public int outputColumns() {
    return outputColumns;
  }

  /**
   * The oneDNN kernels the full-batch plan runs, by primitive kind and oneDNN's implementation name (e.g.
   * {@code convolution brgconv_1x1:avx512_core}, {@code convolution jit:avx2}, {@code ... ref:any} for the slow
   * reference code), with how many steps use each; they depend on the CPU, since oneDNN picks them at run time.
   *
   * @return kernel to step count
   */
  public Map<String, Integer> kernels() {
    return new TreeMap<>(kernels);
  }

  /**
   * What runs, for logs and provenance, e.g. {@code oneDNN 2.5.2, 59 steps, weights 94.6 MB, activations
   * 51.4 MB at batch 8, kernels {convolution brgconv:avx512_core=17, ...}}.
   *
   * @return the description
   */
  public String description() {
    return String.format(Locale.ROOT,
        "oneDNN %s, %d steps, weights %.1f MB, activations %.1f MB at batch %d, kernels %s", OneDnn.version(),
        full.steps(), weights.bytes() / 1e6, activationBytes / 1e6, batchSize, kernels());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (other != null) {
      other.close();
    }
    if (full != null) {
      full.close();
    }
    weights.close();
    strm.close();
    eng.close();
  }
}
