package org.genimage.bench.spectral;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.genimage.spectral.AverageSpectrum;
import org.genimage.spectral.AverageSpectrumConfig;
import org.genimage.spectral.Channel;
import org.genimage.spectral.RealFft2d;
import org.genimage.spectral.ResidualFilter;
import org.genimage.spectral.SizePolicy;
import org.jtransforms.fft.FloatFFT_2D;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The spectral hot paths on float32 planes of uniform noise in [0, 255) (the peer script,
 * genimage-bench/scripts/spectral_peer.py, times numpy and scipy on the same shapes):
 *
 * <ul>
 *   <li>{@code rfft2}: one plane, one thread, {@link RealFft2d#forward} (the {@code rfft2} layout);
 *   <li>{@code jtransforms2d}: one plane, JTransforms' own {@code FloatFFT_2D.realForward} (packed
 *       layout, its own threads), the starting point of the issue;
 *   <li>{@code rfft2Batch}: {@value #BATCH} planes spread over all cores, one cached plan per thread;
 *   <li>{@code averageBatch}: {@value #BATCH} planes into {@link AverageSpectrum}s on all cores,
 *       merged: the streaming average-spectrum path (full power, no residual, no window).
 * </ul>
 *
 * <p>Run: {@code java -jar genimage-bench/target/benchmarks.jar SpectralBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpectralBenchmark {
  /** Planes per batch in the batched benchmarks. */
  public static final int BATCH = 32;

  /** The plane side in pixels. */
  @Param({"256", "512"})
  public int size;

  private float[] plane;
  private float[] work;
  private float[] half;
  private float[][] batch;
  private float[][] batchOut;
  private RealFft2d fft;
  private FloatFFT_2D jtransforms;
  private AverageSpectrumConfig averageConfig;

  /** Builds the planes and plans. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    plane = new float[size * size];
    for (int i = 0; i < plane.length; i++) {
      plane[i] = (float) (random.nextDouble() * 255);
    }
    work = new float[size * size];
    fft = new RealFft2d(size, size);
    half = new float[2 * size * fft.halfWidth()];
    jtransforms = new FloatFFT_2D(size, size);
    batch = new float[BATCH][];
    batchOut = new float[BATCH][];
    for (int b = 0; b < BATCH; b++) {
      batch[b] = new float[size * size];
      for (int i = 0; i < plane.length; i++) {
        batch[b][i] = (float) (random.nextDouble() * 255);
      }
      batchOut[b] = new float[half.length];
    }
    averageConfig = new AverageSpectrumConfig(size, size, Channel.LUMA, ResidualFilter.none(),
        SizePolicy.CENTRE_CROP, false, false);
  }

  /**
   * One plane's half spectrum, single-threaded.
   *
   * @return the spectrum
   */
  @Benchmark
  public float[] rfft2() {
    return fft.forward(plane, half);
  }

  /**
   * JTransforms' packed 2D real FFT, in place on a copy of the plane.
   *
   * @return the packed spectrum
   */
  @Benchmark
  public float[] jtransforms2d() {
    System.arraycopy(plane, 0, work, 0, work.length);
    jtransforms.realForward(work);
    return work;
  }

  /**
   * A batch of half spectra on all cores.
   *
   * @return the spectra
   */
  @Benchmark
  public float[][] rfft2Batch() {
    IntStream.range(0, BATCH).parallel().forEach(
        b -> RealFft2d.forThread(size, size).forward(batch[b], batchOut[b]));
    return batchOut;
  }

  /**
   * A batch into the streaming average on all cores (one accumulator per worker, merged).
   *
   * @return the filled accumulator
   */
  @Benchmark
  public AverageSpectrum averageBatch() {
    return IntStream.range(0, BATCH).parallel().collect(
        () -> new AverageSpectrum(averageConfig),
        (acc, b) -> acc.addPlane(batch[b]),
        AverageSpectrum::merge);
  }
}
