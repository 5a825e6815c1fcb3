package org.genimage.bench.detectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.genimage.api.Dataset;
import org.genimage.api.RgbImage;
import org.genimage.dataset.ParallelLoader;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.dataset.sim.SimulatedGenerator;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.preprocess.CompiledPipeline;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end throughput, image files to P(FAKE), beside forward-only throughput of the same detector, in
 * images per second. {@code endToEnd} streams {@value #FILES} files (256x256, half JPEG reals, half PNG
 * fakes, written by {@link SimulatedDatasetMaker} into a temp folder once per trial) through
 * {@link ParallelLoader} (genimage-dataset's {@code ImageDecoder} on {@code loaderThreads} threads, reading
 * ahead while the forward pass runs), groups them into batches and scores each with
 * {@link NetworkDetector#scoreBatch} (preprocessing, forward, softmax). {@code forwardOnly} runs the same
 * number of forward passes on an already preprocessed batch tensor. The goal is end-to-end within 10% of
 * forward-only, which needs the decoding hidden behind the forward pass.
 *
 * <p>Models: {@code small} (the 8-wide ResNet of genimage-detectors' tests, 64-pixel crop: decoding dominates
 * it, so it shows the decode cost) and {@code resnet50} (torchvision topology, random weights, 224 crop from
 * 256). Run: {@code java -jar genimage-bench/target/benchmarks.jar EndToEndBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(1)
@OperationsPerInvocation(EndToEndBenchmark.FILES)
public class EndToEndBenchmark {
  /** Image files per invocation. */
  static final int FILES = 32;

  /** The detector: {@code small} or {@code resnet50}. */
  @Param({"small", "resnet50"})
  public String model;

  /** Images per forward pass. */
  @Param({"8"})
  public int batch;

  /** Decoding threads of the loader. */
  @Param({"1", "2"})
  public int loaderThreads;

  private Path dir;
  private Dataset files;
  private ParallelLoader loader;
  private NetworkDetector detector;
  private float[] input;

  /** Writes the files, builds the detector and the loader, and one preprocessed batch. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("genimage-e2e");
    files = SimulatedDatasetMaker.builder().seed(5).imageSize(256)
        .generators(List.of(SimulatedGenerator.defaults().get(0)))
        .trainPerLabel(FILES / 2).valPerLabel(0).build().writeTo(dir).dataset("e2e");
    if (files.size() != FILES) {
      throw new IllegalStateException("expected " + FILES + " files, got " + files.size());
    }
    ResNetConfig config = model.equals("small") ? ResNetConfig.small(Head.TWO_CLASS)
        : ResNetConfig.resnet50(Head.TWO_CLASS);
    ResNet arch = new ResNet(config);
    detector = NetworkDetector.create(model, arch, arch.initialise(0), Map.of(),
        InferenceOptions.defaults().withBatchSize(batch));
    loader = ParallelLoader.builder().threads(loaderThreads).queueCapacity(2 * batch).build();
    CompiledPipeline p = arch.preprocessing().compile();
    input = new float[batch * p.channels() * p.height() * p.width()];
    java.util.SplittableRandom r = new java.util.SplittableRandom(2);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) r.nextDouble();
    }
  }

  /** Releases the detector and deletes the files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    detector.close();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.delete(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /**
   * Decodes, preprocesses and scores all files.
   *
   * @return the sum of the scores (consumed by JMH)
   */
  @Benchmark
  public double endToEnd() {
    double sum = 0;
    List<RgbImage> pending = new ArrayList<>(batch);
    try (ParallelLoader.Session s = loader.open(files)) {
      while (s.hasNext()) {
        pending.add(s.next().image());
        if (pending.size() == batch || !s.hasNext()) {
          for (float v : detector.scoreBatch(pending)) {
            sum += v;
          }
          pending.clear();
        }
      }
    }
    return sum;
  }

  /**
   * As many forward passes as {@link #endToEnd} makes, on a preprocessed batch, on the same engine.
   *
   * @return the last logits' first value (consumed by JMH)
   */
  @Benchmark
  public float forwardOnly() {
    float last = 0;
    for (int done = 0; done < FILES; done += batch) {
      last = detector.logitsOfPreprocessed(input, batch)[0];
    }
    return last;
  }
}
