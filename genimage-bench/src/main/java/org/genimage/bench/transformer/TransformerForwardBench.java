package org.genimage.bench.transformer;

import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Architectures;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.transformer.Swin;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward pass of the full DeiT-S and Swin-T (random weights, 2 classes) on a batch of normalised
 * 224-pixel images through the shared inference graph of {@link NetworkDetector} (weights as constants): the
 * time of one batch, preprocessing excluded. Run with {@code OMP_NUM_THREADS=2} to compare with {@code
 * scripts/transformer_peer.py}, which runs this and PyTorch in one sitting and prints the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class TransformerForwardBench {
  /** The network: {@code deit_s} or {@code swin_t}. */
  @Param({"deit_s", "swin_t"})
  public String arch;

  /** The batch size. */
  @Param({"8"})
  public int batch;

  private NetworkDetector detector;
  private INDArray input;

  /** Builds the graph and a random input once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    Architecture a = Architectures.variant(arch);
    detector = NetworkDetector.create(arch, a, a.initialise(1), Map.of(),
        InferenceOptions.defaults().withBatchSize(batch));
    Nd4j.getRandom().setSeed(2);
    input = Nd4j.randn(DataType.FLOAT, batch, 3, 224, 224);
  }

  /** Releases the graph. */
  @TearDown(Level.Trial)
  public void tearDown() {
    detector.close();
  }

  /**
   * One forward pass of the batch.
   *
   * @return the logits
   */
  @Benchmark
  public INDArray forward() {
    INDArray logits = detector.run(input, NetworkDetector.LOGITS).get(NetworkDetector.LOGITS);
    logits.close();
    return logits;
  }
}
