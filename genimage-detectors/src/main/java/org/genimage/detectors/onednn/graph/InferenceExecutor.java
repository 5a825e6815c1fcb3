package org.genimage.detectors.onednn.graph;

import java.util.Map;
import org.bytedeco.dnnl.engine;
import org.genimage.api.Checks;
import org.genimage.detectors.GraphBuilder;

/**
 * {@link InferencePlan}s of one inference graph for the batch sizes a detector meets: the full batch, compiled at
 * once (so an unsupported graph is refused up front), and at most one smaller size (a final partial batch), which
 * a call of another size replaces: native memory stays bounded however many sizes come. Not thread-safe; a
 * closed executor throws {@link IllegalStateException}.
 */
public final class InferenceExecutor implements AutoCloseable {
  private final GraphBuilder builder;
  private final String input;
  private final String output;
  private final int batchSize;
  private final engine eng = new engine(engine.kind.cpu, 0);
  private final InferencePlan full;
  private InferencePlan other;
  private boolean closed;

  private InferenceExecutor(GraphBuilder builder, String input, String output, int batchSize) {
    this.builder = builder;
    this.input = input;
    this.output = output;
    this.batchSize = batchSize;
    try {
      this.full = InferencePlan.compile(builder, input, output, eng, batchSize);
    } catch (RuntimeException e) {
      eng.close();
      throw e;
    }
  }

  /**
   * Compiles the full-batch plan.
   *
   * @param builder   the inference graph's builder
   * @param input     its input placeholder
   * @param output    its {@code [n, k]} output
   * @param batchSize the largest batch
   * @return the executor
   * @throws org.genimage.detectors.onednn.UnsupportedGraphException when the graph cannot be compiled
   */
  public static InferenceExecutor compile(GraphBuilder builder, String input, String output, int batchSize) {
    Checks.notNull("builder", builder);
    Checks.inRange("batchSize", batchSize, 1, 4096);
    return new InferenceExecutor(builder, Checks.notBlank("input", input), Checks.notBlank("output", output),
        batchSize);
  }

  /**
   * The forward pass on {@code n} preprocessed samples.
   *
   * @param batch the samples, at least {@code n * c * h * w} values, NCHW
   * @param n     how many, 1 to the batch size
   * @return {@code n * outputColumns()} values, row-major
   */
  public float[] run(float[] batch, int n) {
    if (closed) {
      throw new IllegalStateException("the inference executor is closed");
    }
    Checks.notNull("batch", batch);
    Checks.inRange("n", n, 1, batchSize);
    if (n == batchSize) {
      return full.run(batch);
    }
    if (other == null || other.batch() != n) {
      if (other != null) {
        other.close();
      }
      other = InferencePlan.compile(builder, input, output, eng, n);
    }
    return other.run(batch);
  }

  /**
   * Values per sample of the output.
   *
   * @return the output's columns
   */
  public int outputColumns() {
    return full.outputColumns();
  }

  /**
   * The oneDNN kernels of the full-batch plan.
   *
   * @return kernel to step count
   */
  public Map<String, Integer> kernels() {
    return full.kernels();
  }

  /**
   * What runs, for logs and provenance.
   *
   * @return the full-batch plan's description
   */
  public String description() {
    return full.description();
  }

  /**
   * The batch size of the smaller plan kept, if any (for tests of the bound).
   *
   * @return its batch size, or 0
   */
  int otherBatch() {
    return other == null ? 0 : other.batch();
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
    full.close();
    eng.close();
  }
}
