package org.genimage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.genimage.api.Sample;
import org.genimage.dataset.Manifests;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints images/s of the protocol job on a standalone cluster of 1 and of 2 one-core workers. Not
 * a test: it runs only with {@code -Dgenimage.spark.bench=true} and asserts nothing about speed.
 * Each run submits {@link ProtocolJob} with two degradations: three Spark jobs (clean, jpeg30,
 * blurSigma3, one per cell), the first one paying the executors' warm-up (loading ND4J, the
 * detector); the figures are each job's time as the driver's DAGScheduler logs it, the warm jobs
 * being the ones to read.
 *
 * <pre>
 * mvn -B -o verify -Pfast -pl genimage-spark -am -Dtest=ClusterScalingBench \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dgenimage.spark.bench=true
 * </pre>
 */
@Tag("cluster")
class ClusterScalingBench {
  private static final Pattern JOB =
      Pattern.compile("Job (\\d+) finished: .* took ([0-9.]+) s");

  @TempDir Path dir;

  @Test
  void printScaling() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("genimage.spark.bench"), "benchmark not requested");
    Path appJar = Path.of(System.getProperty("genimage.spark.appJar"));
    Path classpath = Path.of(System.getProperty("genimage.spark.classpathDir"));
    // 4 generators x 2 labels x 192 = 1536 images of 128 pixels (reals JPEG q96, fakes PNG).
    Path data = dir.resolve("data");
    List<Sample> samples = SparkFixtures.val(SimulatedDatasetMaker.builder().seed(1)
        .imageSize(128).classCount(4).trainPerLabel(1).valPerLabel(192).build().writeTo(data));
    Path manifest = data.resolve("val.csv");
    Manifests.write(manifest, samples, false);
    Path detector = SparkFixtures.savedDetector(dir, "small", 1);
    List<String> table = new ArrayList<>();
    for (int workers = 1; workers <= 2; workers++) {
      try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster-" + workers),
          classpath, workers, "1g")) {
        List<String> args = List.of("--class", "org.genimage.spark.ProtocolJob",
            "--conf", "spark.executor.memory=512m",
            "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
            "--conf", "spark.default.parallelism=16",
            "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
            "--conf", "spark.ui.enabled=false",
            "--conf", "spark.driver.host=127.0.0.1",
            appJar.toString(), detector.toString(), manifest.toString(),
            dir.resolve("run-" + workers).toString(), "jpeg30", "blurSigma3");
        System.out.println("spark-submit --master " + cluster.masterUrl()
            + " --deploy-mode client " + String.join(" ", args));
        long t0 = System.nanoTime();
        Process driver = cluster.submit("bench", args);
        assertThat(driver.waitFor(600, TimeUnit.SECONDS)).isTrue();
        double wall = (System.nanoTime() - t0) / 1e9;
        assertThat(driver.exitValue()).as(StandaloneCluster.tail(cluster.log("bench"))).isZero();
        List<Double> took = new ArrayList<>();
        for (String line : Files.readAllLines(cluster.log("bench"))) {
          Matcher m = JOB.matcher(line);
          if (m.find()) {
            took.add(Double.parseDouble(m.group(2)));
          }
        }
        assertThat(took).hasSize(3);
        table.add(String.format("| %d | %.1f | %.1f | %.1f "
            + "| %.2f, %.2f, %.2f | %.0f | %s |", workers, samples.size() / took.get(0),
            samples.size() / took.get(1), samples.size() / took.get(2), took.get(0), took.get(1),
            took.get(2), wall, Files.readString(Path.of("/proc/loadavg")).trim()));
      }
    }
    System.out.println("| workers | images/s job 1 (cold) | job 2 | job 3 | jobs (s) | submit to exit (s)"
        + " | /proc/loadavg after |");
    System.out.println("|---|---|---|---|---|---|---|");
    table.forEach(System.out::println);
  }
}
