package org.genimage.bench.degrade;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.degrade.BlurJpegAugmentation;
import org.genimage.degrade.CenterCrop;
import org.genimage.degrade.GaussianBlur;
import org.genimage.degrade.GaussianNoise;
import org.genimage.degrade.HorizontalFlip;
import org.genimage.degrade.JpegCompression;
import org.genimage.degrade.ResampleFilter;
import org.genimage.degrade.Resize;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One benchmark per degrade transform, single-threaded, on a synthetic {@code size x size} image whose
 * pixels are {@code (x + 2y + 85c + (x*x + 3*y*y) % 97) % 256} (the peer script builds the same one).
 * Run: {@code java -jar genimage-bench/target/benchmarks.jar DegradeBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DegradeBenchmark {
  /** The image side in pixels. */
  @Param({"256", "512"})
  public int size;

  private RgbImage image;
  private final SplittableRandom random = new SplittableRandom(42);
  private final ImageTransform resizeBicubic112 = Resize.to(112, 112, ResampleFilter.BICUBIC);
  private final ImageTransform resizeBilinear64 = Resize.to(64, 64, ResampleFilter.BILINEAR);
  private final ImageTransform resizeBox64 = Resize.to(64, 64, ResampleFilter.BOX);
  private final ImageTransform resizeLanczos112 = Resize.to(112, 112, ResampleFilter.LANCZOS);
  private final ImageTransform resizeNearest112 = Resize.to(112, 112, ResampleFilter.NEAREST);
  private final ImageTransform jpeg65 = JpegCompression.of(65);
  private final ImageTransform jpeg30 = JpegCompression.of(30);
  private final ImageTransform blurScipy3 = GaussianBlur.scipy(3.0);
  private final ImageTransform blurScipy5 = GaussianBlur.scipy(5.0);
  private final ImageTransform blurOpencv3 = GaussianBlur.opencv(3.0);
  private final ImageTransform noise = new GaussianNoise(5.0);
  private final ImageTransform flip = HorizontalFlip.always();
  private final ImageTransform crop = new CenterCrop(224, 224);
  private final ImageTransform cnnSpot = BlurJpegAugmentation.builder().blurProbability(1)
      .jpegProbability(1).build();

  /** Builds the image. */
  @Setup
  public void setUp() {
    image = synthetic(size);
  }

  /**
   * The benchmark image, identical to the peer script's.
   *
   * @param size the side
   * @return the image
   */
  public static RgbImage synthetic(int size) {
    byte[] rgb = new byte[3 * size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        for (int c = 0; c < 3; c++) {
          rgb[3 * (y * size + x) + c] = (byte) ((x + 2 * y + 85 * c + (x * x + 3 * y * y) % 97) % 256);
        }
      }
    }
    return RgbImage.wrap(size, size, rgb);
  }

  /**
   * Pillow resize((112, 112), BICUBIC).
   *
   * @return the output
   */
  @Benchmark
  public RgbImage resizeBicubic112() {
    return resizeBicubic112.apply(image, random);
  }

  /**
   * Pillow resize((64, 64), BILINEAR).
   *
   * @return the output
   */
  @Benchmark
  public RgbImage resizeBilinear64() {
    return resizeBilinear64.apply(image, random);
  }

  /**
   * Pillow resize((64, 64), BOX).
   *
   * @return the output
   */
  @Benchmark
  public RgbImage resizeBox64() {
    return resizeBox64.apply(image, random);
  }

  /**
   * Pillow resize((112, 112), LANCZOS).
   *
   * @return the output
   */
  @Benchmark
  public RgbImage resizeLanczos112() {
    return resizeLanczos112.apply(image, random);
  }

  /**
   * Pillow resize((112, 112), NEAREST).
   *
   * @return the output
   */
  @Benchmark
  public RgbImage resizeNearest112() {
    return resizeNearest112.apply(image, random);
  }

  /**
   * JPEG quality 65 round trip.
   *
   * @return the output
   */
  @Benchmark
  public RgbImage jpeg65() {
    return jpeg65.apply(image, random);
  }

  /**
   * JPEG quality 30 round trip.
   *
   * @return the output
   */
  @Benchmark
  public RgbImage jpeg30() {
    return jpeg30.apply(image, random);
  }

  /**
   * SciPy gaussian_filter sigma 3 per channel.
   *
   * @return the output
   */
  @Benchmark
  public RgbImage blurScipy3() {
    return blurScipy3.apply(image, random);
  }

  /**
   * SciPy gaussian_filter sigma 5 per channel.
   *
   * @return the output
   */
  @Benchmark
  public RgbImage blurScipy5() {
    return blurScipy5.apply(image, random);
  }

  /**
   * OpenCV GaussianBlur sigma 3.
   *
   * @return the output
   */
  @Benchmark
  public RgbImage blurOpencv3() {
    return blurOpencv3.apply(image, random);
  }

  /**
   * Additive Gaussian noise sigma 5.
   *
   * @return the output
   */
  @Benchmark
  public RgbImage noise5() {
    return noise.apply(image, random);
  }

  /**
   * Horizontal flip.
   *
   * @return the output
   */
  @Benchmark
  public RgbImage flip() {
    return flip.apply(image, random);
  }

  /**
   * Centre crop 224.
   *
   * @return the output
   */
  @Benchmark
  public RgbImage centerCrop224() {
    return crop.apply(image, random);
  }

  /**
   * CNNSpot Blur+JPEG with both steps always applied (sigma U[0,3], quality 30 or 100).
   *
   * @return the output
   */
  @Benchmark
  public RgbImage cnnSpotBlurJpeg() {
    return cnnSpot.apply(image, random);
  }
}
