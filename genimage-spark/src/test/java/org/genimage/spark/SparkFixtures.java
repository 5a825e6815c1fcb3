package org.genimage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.Detector;
import org.genimage.api.Sample;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.dataset.sim.SimulatedRelease;
import org.genimage.detectors.Head;
import org.genimage.detectors.InferenceOptions;
import org.genimage.detectors.NetworkDetector;
import org.genimage.detectors.resnet.ResNet;
import org.genimage.detectors.resnet.ResNetConfig;

/** Shared test data: a small simulated release on disk, small saved ResNets, local sessions. */
final class SparkFixtures {
  private SparkFixtures() {}

  /** A local session; {@code master} like {@code local[2]} or {@code local[2,2]}. */
  static SparkSession session(String master) {
    return SparkSession.builder()
        .master(master)
        .appName("genimage-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  /**
   * The scores of a score output, keyed {@code "sample_id|condition"} (null for an image that failed),
   * read by column name. Fails the test on a second row for the same key: every (sample, condition)
   * must be written exactly once, even after a retried or resumed task.
   */
  static Map<String, Float> scores(SparkSession spark, String output) {
    Map<String, Float> m = new HashMap<>();
    for (Row r : spark.read().parquet(output).collectAsList()) {
      String key = r.<String>getAs("sample_id") + "|" + r.<String>getAs("condition");
      assertThat(m.containsKey(key)).as("a second row for " + key).isFalse();
      m.put(key, r.<Float>getAs("score"));
    }
    return m;
  }

  /**
   * Writes the four default simulated generators (SD1.4, BigGAN, VQDM, Midjourney), 64 pixels, 8 val
   * images per label each, under {@code root}.
   */
  static SimulatedRelease release(Path root) {
    return SimulatedDatasetMaker.builder().seed(11).imageSize(64).classCount(4).trainPerLabel(1)
        .valPerLabel(8).build().writeTo(root);
  }

  /** The val samples of a release, in the release's order. */
  static List<Sample> val(SimulatedRelease release) {
    return release.samples().stream().filter(s -> s.id().contains("/val/")).toList();
  }

  /** A small randomly initialised ResNet saved under {@code dir}; closed after saving. */
  static Path savedDetector(Path dir, String name, long seed) {
    try (Detector d = detector(name, seed)) {
      Path file = dir.resolve(name + ".gidet");
      d.save(file);
      return file;
    }
  }

  /** A small randomly initialised ResNet with a single-logit head; the caller closes it. */
  static NetworkDetector detector(String name, long seed) {
    ResNet arch = new ResNet(ResNetConfig.small(Head.SINGLE_LOGIT));
    return NetworkDetector.create(name, arch, arch.initialise(seed), Map.of("seed",
        Long.toString(seed)), InferenceOptions.defaults());
  }

  /**
   * Corrupts files in place: the first becomes empty, the second keeps only its first 100 bytes.
   * Returns the corrupted samples.
   */
  static List<Sample> corrupt(List<Sample> samples, int... indices) throws IOException {
    List<Sample> out = new ArrayList<>();
    for (int k = 0; k < indices.length; k++) {
      Sample s = samples.get(indices[k]);
      byte[] bytes = Files.readAllBytes(s.path());
      Files.write(s.path(), k % 2 == 0 ? new byte[0] : java.util.Arrays.copyOf(bytes, 100));
      out.add(s);
    }
    return out;
  }
}
