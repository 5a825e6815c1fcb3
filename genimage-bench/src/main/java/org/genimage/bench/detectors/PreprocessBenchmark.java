package org.genimage.bench.detectors;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.genimage.api.RgbImage;
import org.genimage.detectors.preprocess.CompiledPipeline;
import org.genimage.detectors.preprocess.PreprocessingPipeline;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * The preprocessing {@code NetworkDetector} does before every forward pass of an ImageNet-preprocessed
 * detector (ResNet-50's {@code PreprocessingPipeline.imagenet(256, 224)}): torchvision-exact resize of the shorter side
 * to 256 (a no-op for 256x256 images, Pillow-exact antialiased bilinear for 512x512 ones), center crop 224,
 * normalisation, written by {@link CompiledPipeline#write} into the reused float batch buffer, then copied into
 * the batch tensor, exactly as {@code NetworkDetector.logits} does. Time per image ({@code batch} images per
 * invocation). Images, buffer and tensor are made once per trial.
 *
 * <p>Run: {@code java -jar genimage-bench/target/benchmarks.jar PreprocessBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@OperationsPerInvocation(PreprocessBenchmark.BATCH)
public class PreprocessBenchmark {
  /** Images per batch (per invocation). */
  static final int BATCH = 8;

  /** Side of the square source images. */
  @Param({"256", "512"})
  public int size;

  /** Layout of the batch tensor: {@code nhwc} (the default graph) or {@code nchw}. */
  @Param({"nhwc", "nchw"})
  public String layout;

  private CompiledPipeline pre;
  private RgbImage[] images;
  private float[] scratch;
  private INDArray tensor;
  private boolean channelsLast;
  private int sample;

  /** Makes the images, the buffer and the batch tensor. */
  @Setup(Level.Trial)
  public void setUp() {
    pre = PreprocessingPipeline.imagenet(256, 224).compile();
    channelsLast = layout.equals("nhwc");
    sample = pre.channels() * pre.height() * pre.width();
    scratch = new float[BATCH * sample];
    tensor = channelsLast
        ? Nd4j.create(DataType.FLOAT, BATCH, pre.height(), pre.width(), pre.channels())
        : Nd4j.create(DataType.FLOAT, BATCH, pre.channels(), pre.height(), pre.width());
    SplittableRandom r = new SplittableRandom(3);
    images = new RgbImage[BATCH];
    for (int i = 0; i < BATCH; i++) {
      byte[] px = new byte[3 * size * size];
      for (int j = 0; j < px.length; j++) {
        px[j] = (byte) r.nextInt(256);
      }
      images[i] = RgbImage.wrap(size, size, px);
    }
  }

  /** Releases the tensor. */
  @TearDown(Level.Trial)
  public void tearDown() {
    tensor.close();
  }

  /**
   * Preprocesses one batch into the buffer and copies it into the batch tensor.
   *
   * @return the tensor (consumed by JMH)
   */
  @Benchmark
  public INDArray preprocessBatch() {
    for (int i = 0; i < BATCH; i++) {
      pre.write(images[i], scratch, i * sample, channelsLast);
    }
    tensor.data().asNioFloat().put(scratch, 0, BATCH * sample);
    return tensor;
  }
}
