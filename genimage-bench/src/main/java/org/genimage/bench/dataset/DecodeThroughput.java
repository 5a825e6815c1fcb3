package org.genimage.bench.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.genimage.api.Sample;
import org.genimage.dataset.ImageDecoder;
import org.genimage.dataset.sim.SimulatedDatasetMaker;

/**
 * Writes a simulated release (or reuses one) and prints single-thread decode throughput of
 * {@link ImageDecoder} over its files, for {@code scripts/decode_peer.py} to compare with Pillow.
 * Usage: {@code java -cp benchmarks.jar org.genimage.bench.dataset.DecodeThroughput <dir> [size]}.
 */
public final class DecodeThroughput {
  private DecodeThroughput() {}

  /**
   * Runs the measurement.
   *
   * @param args the folder, and optionally the image side (default 256)
   * @throws Exception on I/O failure
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    List<Sample> samples = SimulatedDatasetMaker.builder().seed(1).imageSize(size)
        .trainPerLabel(100).valPerLabel(0).build().writeTo(dir).samples();
    ImageDecoder d = ImageDecoder.standard();
    for (int rep = 0; rep < 2; rep++) { // warm-up
      for (Sample s : samples) {
        d.decode(s.path());
      }
    }
    long t0 = System.nanoTime();
    long px = 0;
    int reps = 3;
    for (int rep = 0; rep < reps; rep++) {
      for (Sample s : samples) {
        px += d.decode(s.path()).pixelCount();
      }
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    System.out.printf("java_images_per_s %.1f (files %d, %.1f Mpx/s)%n",
        reps * samples.size() / sec, samples.size(), px / sec / 1e6);
    Files.writeString(dir.resolve("java_rate.txt"), Double.toString(reps * samples.size() / sec));
  }
}
