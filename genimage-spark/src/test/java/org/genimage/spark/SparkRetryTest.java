package org.genimage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.Sample;
import org.genimage.dataset.sim.SimulatedRelease;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that dies mid-partition on its first attempt is retried by Spark ({@code local[2,2]}: plain
 * {@code local[2]} never retries) and every sample still comes back exactly once, with the scores of
 * an undisturbed run.
 */
class SparkRetryTest {
  /** Counts the injected failures; local mode runs tasks in this JVM. */
  static final AtomicInteger THROWN = new AtomicInteger();

  @TempDir static Path dir;
  static SparkSession spark;
  static List<Sample> samples;
  static Path detectorFile;

  @BeforeAll
  static void setUp() {
    spark = SparkFixtures.session("local[2,2]");
    SimulatedRelease release = SparkFixtures.release(dir.resolve("data"));
    samples = SparkFixtures.val(release);
    detectorFile = SparkFixtures.savedDetector(dir, "small-retry", 3);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  /** Decodes normally, but partition 1's first attempt throws at its 5th image (after a batch). */
  static ImageLoaderFactory failingOnce() {
    return () -> {
      ImageLoaderFactory.BytesLoader decoder = ImageLoaderFactory.standard().create();
      int[] seen = {0};
      return (sample, bytes) -> {
        TaskContext tc = TaskContext.get();
        if (tc.partitionId() == 1 && tc.attemptNumber() == 0 && ++seen[0] == 5) {
          THROWN.incrementAndGet();
          throw new IllegalStateException("injected executor failure at " + sample.path());
        }
        return decoder.load(sample, bytes);
      };
    };
  }

  @Test
  void aTaskKilledMidPartitionIsRetriedAndEverySampleIsScoredOnce() {
    Map<String, Float> undisturbed;
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(detectorFile).partitions(4)
        .build()) {
      undisturbed = scorer.score(samples).collectAsList().stream()
          .collect(Collectors.toMap(r -> r.getString(0), r -> r.getFloat(5)));
    }
    THROWN.set(0);
    try (SparkScorer scorer = SparkScorer.builder(spark).detectorFile(detectorFile).partitions(4)
        .batchSize(4).loaderFactory(failingOnce()).build()) {
      List<Row> rows = scorer.score(samples).collectAsList();
      assertThat(THROWN.get()).as("the first attempt of partition 1 failed").isEqualTo(1);
      assertThat(rows).hasSize(samples.size());
      Map<String, Long> perId = rows.stream()
          .collect(Collectors.groupingBy(r -> r.getString(0), Collectors.counting()));
      assertThat(perId).hasSize(samples.size()).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
      assertThat(rows).allSatisfy(r -> assertThat(r.isNullAt(6)).isTrue());
      Map<String, Float> retried = rows.stream()
          .collect(Collectors.toMap(r -> r.getString(0), r -> r.getFloat(5)));
      assertThat(retried).isEqualTo(undisturbed);
      // The evaluation API's view refuses duplicates, so it would catch any double counting too.
      assertThat(ScoreRows.toCellScores(rows, samples, "clean", "c", "f").size())
          .isEqualTo(samples.size());
    }
  }
}
