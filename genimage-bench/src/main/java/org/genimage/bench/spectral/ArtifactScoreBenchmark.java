package org.genimage.bench.spectral;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.genimage.api.RgbImage;
import org.genimage.spectral.ArtifactScoreConfig;
import org.genimage.spectral.PeriodicArtifactDetector;
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
 * The periodic-artifact score of one image on one thread, per configuration and image size: the
 * cost of the default 3 x 3 grid of tiles following the crop ({@code gridTiled}, tiles of 184 x 248
 * on 375x500, not powers of two) against the first version's one spectrum of the crop. Each trial
 * uses one size, so the per-thread FFT plan cache never churns here.
 *
 * <p>Run: {@code java -jar genimage-bench/target/benchmarks.jar ArtifactScoreBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ArtifactScoreBenchmark {
  /** The configuration: {@code firstVersion} or {@code gridTiled}. */
  @Param({"firstVersion", "gridTiled"})
  public String config;

  /** The image, height x width. */
  @Param({"128x128", "256x256", "375x500", "512x512"})
  public String image;

  private PeriodicArtifactDetector detector;
  private RgbImage noise;

  /** Builds the detector and a noise image of the size. */
  @Setup(Level.Trial)
  public void setUp() {
    detector = new PeriodicArtifactDetector(config.equals("gridTiled")
        ? ArtifactScoreConfig.gridTiled() : ArtifactScoreConfig.firstVersion());
    String[] hw = image.split("x");
    int h = Integer.parseInt(hw[0]);
    int w = Integer.parseInt(hw[1]);
    byte[] rgb = new byte[3 * h * w];
    new SplittableRandom(7).nextBytes(rgb);
    noise = RgbImage.wrap(w, h, rgb);
  }

  /**
   * One image's raw score.
   *
   * @return the score
   */
  @Benchmark
  public double rawScore() {
    return detector.rawScore(noise);
  }
}
