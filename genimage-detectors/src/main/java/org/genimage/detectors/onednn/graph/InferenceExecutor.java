package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.bytedeco.dnnl.engine;
import org.genimage.api.Precision;
import org.genimage.api.internal.Checks;
import org.genimage.detectors.GraphBuilder;

/**
 * {@link InferencePlan}s of one inference graph for the batch sizes a detector meets, shared by any number of
 * threads: the full batch, compiled at once (so an unsupported graph is refused up front), and a single-sample
 * plan compiled on first use (one image at a time is how an application scores); a partial batch of 2 or more runs
 * on the full plan, padded. So the weights exist at most twice (in each plan's layouts) however many sizes and
 * threads come.
 *
 * <p>Thread-safe. {@link #run} borrows a {@link Session} (the plans' execution contexts: activation arenas,
 * inputs, outputs) from a pool and returns it, so concurrent calls run in parallel without a lock held across a
 * forward pass; a thread that scores many batches can hold a session of its own ({@link #newSession()}). Close
 * the executor after the last call has returned; a closed executor throws {@link IllegalStateException}.
 */
public final class InferenceExecutor implements AutoCloseable {
  private final GraphBuilder builder;
  private final String input;
  private final String output;
  private final int batchSize;
  private final Precision precision;
  private final ActivationRanges ranges;
  private final engine eng = new engine(engine.kind.cpu, 0);
  private final InferencePlan full;
  private final int inputPerSample;
  private final ConcurrentLinkedDeque<Session> idle = new ConcurrentLinkedDeque<>();
  private final List<Session> sessions = new ArrayList<>();
  private InferencePlan single;
  private volatile boolean closed;

  private InferenceExecutor(GraphBuilder builder, String input, String output, int batchSize, Precision precision,
      ActivationRanges ranges) {
    this.builder = builder;
    this.input = input;
    this.output = output;
    this.batchSize = batchSize;
    this.precision = precision;
    this.ranges = ranges;
    try {
      this.full = InferencePlan.compile(builder, input, output, eng, batchSize, precision, ranges);
    } catch (RuntimeException e) {
      eng.close();
      throw e;
    }
    this.inputPerSample = full.inputFloats() / batchSize;
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
    return compile(builder, input, output, batchSize, Precision.FP32);
  }

  /**
   * Compiles the full-batch plan in a precision ({@link InferencePlan#compile(GraphBuilder, String, String,
   * engine, int, Precision)}: bf16 falls back to fp32 on a CPU without native bf16 kernels, said in
   * {@link #description()}).
   *
   * @param builder   the inference graph's builder
   * @param input     its input placeholder
   * @param output    its {@code [n, k]} output
   * @param batchSize the largest batch
   * @param precision the precision asked for
   * @return the executor
   * @throws org.genimage.detectors.onednn.UnsupportedGraphException when the graph cannot be compiled
   */
  public static InferenceExecutor compile(GraphBuilder builder, String input, String output, int batchSize,
      Precision precision) {
    return compile(builder, input, output, batchSize, precision, null);
  }

  /**
   * Compiles the full-batch plan in a precision, int8 with activation ranges ({@link InferencePlan#compile(
   * GraphBuilder, String, String, engine, int, Precision, ActivationRanges)}).
   *
   * @param builder   the inference graph's builder
   * @param input     its input placeholder
   * @param output    its {@code [n, k]} output
   * @param batchSize the largest batch
   * @param precision the precision asked for
   * @param ranges    activation ranges, needed for {@link Precision#INT8} (null otherwise)
   * @return the executor
   * @throws org.genimage.api.BadArgumentException for int8 without ranges
   * @throws org.genimage.detectors.onednn.UnsupportedGraphException when the graph cannot be compiled
   */
  public static InferenceExecutor compile(GraphBuilder builder, String input, String output, int batchSize,
      Precision precision, ActivationRanges ranges) {
    Checks.notNull("builder", builder);
    Checks.inRange("batchSize", batchSize, 1, 4096);
    return new InferenceExecutor(builder, Checks.notBlank("input", input), Checks.notBlank("output", output),
        batchSize, Checks.notNull("precision", precision), ranges);
  }

  /**
   * The activation ranges of a graph over calibration batches ({@link InferencePlan#collectRanges}), on an engine
   * of its own.
   *
   * @param builder   the inference graph's builder
   * @param input     its input placeholder
   * @param output    its {@code [n, k]} output
   * @param batchSize the size of every batch given
   * @param batches   full batches of preprocessed samples
   * @return the ranges
   */
  public static ActivationRanges collectRanges(GraphBuilder builder, String input, String output, int batchSize,
      Iterable<float[]> batches) {
    Checks.notNull("builder", builder);
    Checks.inRange("batchSize", batchSize, 1, 4096);
    try (engine e = new engine(engine.kind.cpu, 0)) {
      return InferencePlan.collectRanges(builder, Checks.notBlank("input", input), Checks.notBlank("output", output),
          e, batchSize, batches);
    }
  }

  /**
   * The forward pass on {@code n} preprocessed samples, in a pooled session. Thread-safe.
   *
   * @param batch the samples, at least {@code n * c * h * w} values, NCHW
   * @param n     how many, 1 to the batch size
   * @return {@code n * outputColumns()} values, row-major
   */
  public float[] run(float[] batch, int n) {
    Session s = idle.pollFirst();
    if (s == null) {
      s = newSession();
    }
    try {
      return s.run(batch, n);
    } finally {
      idle.offerFirst(s);
    }
  }

  /**
   * A session for one thread: contexts of the plans, made as they are needed. Closed with the executor at the
   * latest.
   *
   * @return the session
   * @throws IllegalStateException if the executor is closed
   */
  public synchronized Session newSession() {
    if (closed) {
      throw new IllegalStateException("the inference executor is closed");
    }
    Session s = new Session(full.newContext());
    sessions.add(s);
    return s;
  }

  private synchronized InferencePlan single() {
    if (closed) {
      throw new IllegalStateException("the inference executor is closed");
    }
    if (single == null) {
      single = InferencePlan.compile(builder, input, output, eng, 1, precision, ranges);
    }
    return single;
  }

  /** One thread's execution contexts of the executor's plans. Not thread-safe. */
  public final class Session implements AutoCloseable {
    private final InferencePlan.Context fullContext;
    private InferencePlan.Context singleContext;
    private float[] padded;

    private Session(InferencePlan.Context fullContext) {
      this.fullContext = fullContext;
    }

    /**
     * The forward pass on {@code n} preprocessed samples.
     *
     * @param batch the samples, at least {@code n * c * h * w} values, NCHW
     * @param n     how many, 1 to the batch size
     * @return {@code n * outputColumns()} values, row-major
     * @throws IllegalStateException if the executor is closed
     */
    public float[] run(float[] batch, int n) {
      if (closed) {
        throw new IllegalStateException("the inference executor is closed");
      }
      Checks.notNull("batch", batch);
      Checks.inRange("n", n, 1, batchSize);
      if (n == batchSize) {
        return fullContext.run(batch);
      }
      if (n == 1) {
        if (singleContext == null) {
          singleContext = single().newContext();
        }
        return singleContext.run(batch);
      }
      if (padded == null) {
        padded = new float[inputPerSample * batchSize];
      }
      System.arraycopy(batch, 0, padded, 0, n * inputPerSample);
      Arrays.fill(padded, n * inputPerSample, padded.length, 0f);
      return Arrays.copyOf(fullContext.run(padded), n * outputColumns());
    }

    /** Frees the session's contexts. */
    @Override
    public void close() {
      synchronized (InferenceExecutor.this) {
        sessions.remove(this);
      }
      fullContext.close();
      if (singleContext != null) {
        singleContext.close();
      }
    }
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
   * The precision the plans run in: the one asked for, or fp32 where this CPU cannot run it natively.
   *
   * @return the precision
   */
  public Precision precision() {
    return full.precision();
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
   * Sessions open (pooled or handed out), for tests of the pool.
   *
   * @return the count
   */
  synchronized int sessionCount() {
    return sessions.size();
  }

  /**
   * Whether the single-sample plan has been compiled (for tests of the bound).
   *
   * @return true once a batch of one has run
   */
  synchronized boolean hasSinglePlan() {
    return single != null;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    new ArrayList<>(sessions).forEach(Session::close);
    if (single != null) {
      single.close();
    }
    full.close();
    eng.close();
  }
}
