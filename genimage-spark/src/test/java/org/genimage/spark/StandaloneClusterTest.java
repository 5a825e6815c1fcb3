package org.genimage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.Sample;
import org.genimage.dataset.Manifests;
import org.genimage.dataset.sim.SimulatedDatasetMaker;
import org.genimage.eval.Experiment;
import org.genimage.eval.protocol.DegradedResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded application jar on a real standalone cluster: a master and two one-core workers as
 * separate JVMs on 127.0.0.1, jobs submitted with {@code spark-submit} (client mode, its own JVM).
 * The protocol job's score files equal, byte for byte, the local runner's; the scoring job, with one
 * worker and its executor killed in the middle, writes Parquet equal bit for bit to a
 * {@code local[2]} run in this JVM, each (sample, condition) once.
 *
 * <p>Runs in the build's {@code cluster} execution (after {@code package}, which shades the jar);
 * the execution passes the jar's path and the folder listing Spark's jars. Skipped with
 * {@code -Dgenimage.spark.cluster.skip=true}.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
  private static final Pattern FINISHED =
      Pattern.compile("Finished task \\S+ in stage 0\\.0 .*\\((\\d+)/(\\d+)\\)");
  private static final long JOB_TIMEOUT_S = 300;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) static Path dir;
  static StandaloneCluster cluster;
  static SparkSession local;
  static Path appJar;
  static Path detector;
  static Path manifest;
  static List<Sample> samples;
  static Map<String, Float> reference;

  @BeforeAll
  static void setUp() throws Exception {
    Assumptions.assumeFalse(Boolean.getBoolean("genimage.spark.cluster.skip"),
        "cluster test skipped by -Dgenimage.spark.cluster.skip=true");
    appJar = Path.of(System.getProperty("genimage.spark.appJar"));
    assertThat(appJar).as("the shaded jar from the package phase").isRegularFile();
    cluster = StandaloneCluster.start(dir.resolve("cluster"),
        Path.of(System.getProperty("genimage.spark.classpathDir")), 2, "1g");
    // 4 generators x 2 labels x 24 = 192 val images of 96 pixels (reals JPEG, fakes PNG).
    Path data = dir.resolve("data");
    samples = SparkFixtures.val(SimulatedDatasetMaker.builder().seed(5).imageSize(96)
        .classCount(4).trainPerLabel(1).valPerLabel(24).build().writeTo(data));
    manifest = data.resolve("val.csv");
    Manifests.write(manifest, samples, false);
    detector = SparkFixtures.savedDetector(dir, "small", 7);
    local = SparkFixtures.session("local[2]");
    Path out = dir.resolve("local.parquet");
    ScoreJob.run(local, detector, manifest, out.toString(), "clean", "jpeg30");
    reference = SparkFixtures.scores(local, out.toString());
    assertThat(reference.values()).as("every image scored").doesNotContainNull();
  }

  @AfterAll
  static void tearDown() {
    if (local != null) {
      local.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void theProtocolJobOnTheClusterWritesTheLocalRunnersScoreFiles() throws Exception {
    Path runDir = dir.resolve("run-cluster");
    Process driver = cluster.submit("protocol", submitArgs("ProtocolJob", 8, detector.toString(),
        manifest.toString(), runDir.toString(), "jpeg30", "blurSigma3"));
    awaitSuccess(driver, "protocol");

    Path localRun = dir.resolve("run-local");
    try (Detector d = FixedBatches.padding(Detectors.load(detector))) {
      DegradedResult r = Experiment.builder().runDirectory(localRun).threads(2)
          .badInputPolicy(BadInputPolicy.SKIP).build()
          .run(ProtocolJob.protocol(d, manifest, List.of("jpeg30", "blurSigma3")));
      assertThat(r.cells()).hasSize(3);
    }
    List<String> files = scoreFiles(localRun);
    assertThat(files).hasSize(3).isEqualTo(scoreFiles(runDir));
    for (String f : files) {
      assertThat(Files.readAllBytes(runDir.resolve("scores").resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(localRun.resolve("scores").resolve(f)));
    }
  }

  @Test
  @Order(2)
  void aWorkerKilledInTheMiddleOfAJobLosesAndDuplicatesNothing() throws Exception {
    assertThat(cluster.aliveWorkers()).isEqualTo(2);
    Path out = dir.resolve("lost-worker.parquet");
    int partitions = 24;
    Process driver = cluster.submit("lost-worker", submitArgs("ScoreJob", partitions,
        detector.toString(), manifest.toString(), out.toString(), "clean", "jpeg30"));
    Path log = cluster.log("lost-worker");
    // Kill once each executor finished a task (both warm, both did work) and most of the job is
    // still to do.
    int finishedAtKill = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOB_TIMEOUT_S);
    while (finishedAtKill < 0) {
      assertThat(driver.isAlive()).as("driver still running; log " + log).isTrue();
      assertThat(System.nanoTime()).as("tasks finished in time").isLessThan(deadline);
      if (executorsThatFinishedTasks(log).size() == 2) {
        finishedAtKill = finishedTasks(log);
      } else {
        Thread.sleep(20);
      }
    }
    List<Long> killed = cluster.killWorker(1);
    assertThat(killed).as("the worker and its executor JVM").hasSizeGreaterThanOrEqualTo(2);
    assertThat(finishedAtKill).isLessThan(partitions);
    awaitSuccess(driver, "lost-worker");

    String driverLog = Files.readString(log);
    assertThat(driverLog).as("the driver saw the executor go").contains("Lost executor");
    assertThat(driverLog).as("the task running there was run again")
        .containsPattern("Finished task \\d+\\.1 in stage 0\\.0");
    Map<String, Float> after = SparkFixtures.scores(local, out.toString()); // refuses duplicates
    assertThat(after).isEqualTo(reference);
  }

  private static List<String> submitArgs(String job, int partitions, String... jobArgs) {
    List<String> a = new ArrayList<>(List.of("--class", "org.genimage.spark." + job,
        "--conf", "spark.executor.memory=512m",
        "--conf", "spark.executor.cores=1",
        "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
        "--conf", "spark.task.maxFailures=4",
        "--conf", "spark.default.parallelism=" + partitions,
        "--conf", ScoreJob.PARTITIONS_CONF + "=" + partitions,
        // Start only when both executors are up, so both workers get tasks.
        "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        appJar.toString()));
    a.addAll(List.of(jobArgs));
    return a;
  }

  private static void awaitSuccess(Process driver, String name) throws Exception {
    boolean done = driver.waitFor(JOB_TIMEOUT_S, TimeUnit.SECONDS);
    assertThat(done).as("driver finished; log " + cluster.log(name)).isTrue();
    assertThat(driver.exitValue()).as("driver exit; its log ends:%n%s",
        StandaloneCluster.tail(cluster.log(name))).isZero();
  }

  private static int finishedTasks(Path log) throws IOException {
    int max = 0;
    if (!Files.exists(log)) {
      return 0;
    }
    for (String line : Files.readAllLines(log)) {
      Matcher m = FINISHED.matcher(line);
      if (m.find()) {
        max = Math.max(max, Integer.parseInt(m.group(1)));
      }
    }
    return max;
  }

  private static List<String> executorsThatFinishedTasks(Path log) throws IOException {
    Pattern p = Pattern.compile("Finished task \\S+ in stage 0\\.0 .*\\(executor (\\d+)\\)");
    return Files.readAllLines(log).stream().map(p::matcher).filter(Matcher::find)
        .map(m -> m.group(1)).distinct().toList();
  }

  private static List<String> scoreFiles(Path runDir) throws IOException {
    try (Stream<Path> s = Files.list(runDir.resolve("scores"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
          .toList();
    }
  }
}
