package org.genimage.bench.frequency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.genimage.api.RgbImage;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.Architectures;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.f3net.F3Net;
import org.genimage.detectors.gramnet.GramNet;
import org.genimage.detectors.spec.Spec;
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
 * Forward throughput of the paper-size frequency detectors (randomly initialised weights: speed does not
 * depend on their values), preprocessing included, on 256x256 images: Spec (ResNet-34 on the 224
 * spectrum), GramNet (ResNet-18 + six Gram branches at 512), F3Net (two Xception streams at 299).
 *
 * <p>Run: {@code java -jar genimage-bench/target/benchmarks.jar FrequencyForwardBenchmark -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class FrequencyForwardBenchmark {
  /** Which detector. */
  @Param({"spec", "gramnet", "f3net"})
  public String detector;

  /** Images per call. */
  @Param({"8"})
  public int batch;

  private NetworkDetector d;
  private List<RgbImage> images;

  /** Builds the detector and the images. */
  @Setup(Level.Trial)
  public void setUp() {
    Architecture arch = Architectures.variant(detector);
    d = NetworkDetector.create(detector, arch, arch.initialise(1), Map.of(),
        InferenceOptions.defaults().withBatchSize(batch));
    SplittableRandom r = new SplittableRandom(2);
    images = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      byte[] px = new byte[3 * 256 * 256];
      for (int j = 0; j < px.length; j++) {
        px[j] = (byte) r.nextInt(256);
      }
      images.add(RgbImage.wrap(256, 256, px));
    }
  }

  /** Releases the detector. */
  @TearDown(Level.Trial)
  public void tearDown() {
    d.close();
  }

  /**
   * Scores one batch.
   *
   * @return the scores
   */
  @Benchmark
  public float[] scoreBatch() {
    return d.scoreBatch(images);
  }
}
