package org.genimage.bench.detectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.genimage.api.RgbImage;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceEngine;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
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
 * Full ResNet-50 (torchvision topology, random weights, BN folded) at 224: {@code forward} times the forward
 * pass on a preprocessed batch (PyTorch's {@code model(x)}) on either engine, {@code scoreImages} adds our
 * preprocessing from 256x256 RGB images (resize-free center crop + normalisation into the reused batch
 * tensor) and P(FAKE). Threads: {@code OMP_NUM_THREADS} (the fork inherits the environment).
 * Quick: {@code java -jar genimage-bench/target/benchmarks.jar ResNetForwardBenchmark -p batch=8 -p layout=nhwc
 * -wi 1 -i 3}; full: no {@code -p}, batch 1, 8 and 32, NHWC and NCHW, oneDNN plan and SameDiff.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class ResNetForwardBenchmark {
  /** Images per forward pass. */
  @Param({"1", "8", "32"})
  public int batch;

  /** Activation layout of SameDiff's inference graph (the oneDNN plan reads NCHW either way). */
  @Param({"nhwc", "nchw"})
  public String layout;

  /** The engine: the oneDNN plan (the default) or SameDiff. */
  @Param({"onednn", "samediff"})
  public String engine;

  private NetworkDetector detector;
  private float[] input;
  private List<RgbImage> images;

  /** Builds the detector, a random input batch and random images. */
  @Setup(Level.Trial)
  public void setUp() {
    boolean nhwc = layout.equals("nhwc");
    ResNet arch = new ResNet(ResNetConfig.resnet50(Head.TWO_CLASS));
    detector = NetworkDetector.create("bench", arch, arch.initialise(0), Map.of(),
        new InferenceOptions(batch, nhwc, InferenceEngine.valueOf(engine.toUpperCase(Locale.ROOT))));
    SplittableRandom r = new SplittableRandom(1);
    input = new float[batch * 3 * 224 * 224];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) r.nextDouble();
    }
    images = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      byte[] b = new byte[3 * 256 * 256];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) r.nextInt(256);
      }
      images.add(RgbImage.wrap(256, 256, b));
    }
  }

  /** Releases native memory. */
  @TearDown(Level.Trial)
  public void tearDown() {
    detector.close();
  }

  /**
   * One forward pass on the preprocessed batch.
   *
   * @return the logits (consumed by JMH)
   */
  @Benchmark
  public float[] forward() {
    return detector.logitsOfPreprocessed(input, batch);
  }

  /**
   * Preprocessing from RGB images plus the forward pass and P(FAKE).
   *
   * @return the scores
   */
  @Benchmark
  public float[] scoreImages() {
    return detector.scoreBatch(images);
  }
}
