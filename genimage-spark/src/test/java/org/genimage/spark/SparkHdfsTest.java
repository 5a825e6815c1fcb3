package org.genimage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.Sample;
import org.genimage.dataset.Manifests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data path on a real HDFS: an in-process name node and data node (hadoop-client-minicluster
 * 3.3.4, Spark 3.5.9's Hadoop), the images, manifest and detector copied onto it, the job run on
 * {@code hdfs://} URIs only, its scores compared with the same job on local paths.
 */
class SparkHdfsTest {
  @TempDir static Path dir;
  static MiniDFSCluster hdfs;
  static SparkSession spark;
  static List<Sample> samples;
  static Path detectorFile;
  static Path manifest;

  @BeforeAll
  static void setUp() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    long start = System.nanoTime();
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    // Printed, not asserted: the README quotes it to justify an in-process HDFS in the build.
    System.out.printf("MiniDFSCluster (1 data node) up in %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
    spark = SparkFixtures.session("local[2]");
    samples = SparkFixtures.val(SparkFixtures.release(dir.resolve("data")));
    detectorFile = SparkFixtures.savedDetector(dir, "small-hdfs", 6);
    manifest = dir.resolve("data").resolve("val.csv");
    Manifests.write(manifest, samples, false);
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void scoresImagesManifestAndDetectorOnHdfsAsOnTheLocalFileSystem() throws Exception {
    FileSystem fs = hdfs.getFileSystem();
    String root = fs.getUri().toString();
    // The release (images and the manifest beside them) and the detector, copied onto HDFS.
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(dir.resolve("data").toUri()),
        new org.apache.hadoop.fs.Path(root + "/genimage"));
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(detectorFile.toUri()),
        new org.apache.hadoop.fs.Path(root + "/models/d.gidet"));
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(root + "/genimage/val.csv"))).isTrue();

    String out = root + "/scores/run";
    ScoreOutput.Summary s = ScoreJob.write(spark, root + "/models/d.gidet",
        root + "/genimage/val.csv", out, "clean", "jpeg30");
    assertThat(s.rowsWritten()).isEqualTo(2L * samples.size());
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(out, ScoreOutput.SUCCESS))).isTrue();

    String local = dir.resolve("local-out").toString();
    ScoreJob.write(spark, detectorFile.toString(), manifest.toString(), local, "clean", "jpeg30");
    Map<String, Float> onHdfs = SparkFixtures.scores(spark, out);
    assertThat(onHdfs).hasSize(2 * samples.size()).isEqualTo(SparkFixtures.scores(spark, local));
    // The rows name the images by their HDFS location.
    assertThat(spark.read().parquet(out).select("path").collectAsList())
        .allSatisfy(r -> assertThat(r.getString(0)).startsWith(root + "/genimage/"));
    assertThat(ScoreOutput.provenance(spark, out)).isEqualTo(ScoreOutput.provenance(spark, local));
  }
}
