package org.genimage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.Detector;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints images/s of distributed scoring on {@code local[1]} and {@code local[2]}, and ResNet-50's
 * single-thread throughput for the on-paper cluster estimate. Not a test: it runs only with
 * {@code -Dgenimage.spark.bench=true} and asserts nothing about speed.
 *
 * <pre>
 * OMP_NUM_THREADS=1 mvn -B -o -Pfast -pl genimage-spark test -Dtest=ScalingBench -Dgenimage.spark.bench=true
 * </pre>
 */
class ScalingBench {
  @TempDir Path dir;

  @Test
  void printScaling() {
    Assumptions.assumeTrue(Boolean.getBoolean("genimage.spark.bench"), "benchmark not requested");
    // 4 generators x 2 labels x 48 = 384 images of 128 pixels (reals as JPEG q96, fakes PNG).
    List<Sample> samples = SparkFixtures.val(SimulatedDatasetMaker.builder().seed(1).imageSize(128)
        .classCount(4).trainPerLabel(1).valPerLabel(48).build().writeTo(dir.resolve("data")));
    Path small = SparkFixtures.savedDetector(dir, "small", 1);
    Path r50 = dir.resolve("r50.gidet");
    ResNet arch50 = new ResNet(ResNetConfig.resnet50(Head.SINGLE_LOGIT));
    try (NetworkDetector d = NetworkDetector.create("r50", arch50, arch50.initialise(1), Map.of(),
        InferenceOptions.defaults())) {
      d.save(r50);
    }
    System.out.printf("%nscoring %d images; CPU: %s; OMP_NUM_THREADS=%s%n", samples.size(),
        System.getProperty("os.arch"), System.getenv("OMP_NUM_THREADS"));
    System.out.println("| detector | master | images/s (median of 3) | runs (s) |");
    System.out.println("|---|---|---|---|");
    for (String[] job : new String[][] {{"resnet-small (64 px)", small.toString(), "384"},
        {"resnet50 (224 px)", r50.toString(), "96"}}) {
      List<Sample> subset = samples.subList(0, Integer.parseInt(job[2]));
      for (String master : List.of("local[1]", "local[2]")) {
        SparkSession spark = SparkFixtures.session(master);
        try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(Path.of(job[1]))
            .partitions(8).build()) {
          assertThat(scorer.score(subset).count()).isEqualTo(subset.size()); // warm-up
          double[] secs = new double[3];
          for (int i = 0; i < secs.length; i++) {
            long t0 = System.nanoTime();
            scorer.score(subset).count();
            secs[i] = (System.nanoTime() - t0) / 1e9;
          }
          double[] sorted = secs.clone();
          Arrays.sort(sorted);
          System.out.printf("| %s | %s | %.1f | %s |%n", job[0], master,
              subset.size() / sorted[1], Arrays.toString(Arrays.stream(secs)
                  .map(s -> Math.round(s * 100) / 100.0).toArray()));
        } finally {
          spark.stop();
        }
      }
    }
    // One thread, no Spark: ResNet-50 forward passes of 8 on already-decoded images.
    try (Detector d = org.genimage.api.Detectors.load(r50)) {
      List<RgbImage> batch = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        batch.add(RgbImage.filled(256, 256, 10 * i, 100, 200));
      }
      d.scoreBatch(batch);
      long t0 = System.nanoTime();
      int n = 0;
      for (int i = 0; i < 4; i++) {
        n += d.scoreBatch(batch).length;
      }
      System.out.printf("resnet50 forward only, this JVM: %.1f images/s%n",
          n / ((System.nanoTime() - t0) / 1e9));
    }
  }
}
