package org.genimage.spark;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.Dataset;
import org.genimage.api.Detector;
import org.genimage.api.Detectors;
import org.genimage.api.internal.Checks;
import org.genimage.dataset.ImageDecoder;
import org.genimage.dataset.Manifests;
import org.genimage.eval.Experiment;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.protocol.Degraded;
import org.genimage.eval.protocol.DegradedResult;

/**
 * A {@code spark-submit} entry point for a protocol: the degraded protocol (clean plus the named
 * degradations) of a saved detector on a manifest's samples, its cells scored on the cluster by
 * {@link SparkCellScoring}, its run directory (scores, results, provenance; resumable) written on
 * the driver.
 *
 * <pre>
 * spark-submit --class org.genimage.spark.ProtocolJob app.jar \
 *     DETECTOR_FILE MANIFEST_CSV RUN_DIRECTORY DEGRADATION [DEGRADATION...]
 * </pre>
 *
 * <p>Degradation names are the paper's ({@link TransformResolver#paperDegradations()}); bad images
 * are skipped and listed, as with {@link BadInputPolicy#SKIP}.
 */
public final class ProtocolJob {
  private ProtocolJob() {}

  /**
   * Runs the protocol in the session {@code spark-submit} configured and prints one line per cell.
   *
   * @param args detector file, manifest, run directory, then at least one degradation name
   */
  public static void main(String[] args) {
    if (args.length < 4) {
      throw new BadArgumentException("args", Arrays.toString(args),
          "DETECTOR_FILE MANIFEST_CSV RUN_DIRECTORY DEGRADATION [DEGRADATION...]");
    }
    SparkSession spark = SparkSession.builder().appName("genimage-protocol").getOrCreate();
    try (Detector detector = Detectors.load(Path.of(args[0]))) {
      DegradedResult r = run(spark, detector, Path.of(args[1]), Path.of(args[2]),
          List.of(Arrays.copyOfRange(args, 3, args.length)));
      r.cells().forEach(c -> System.out.println(c));
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs the degraded protocol with its cells scored on Spark.
   *
   * @param spark the session
   * @param detector the detector; it must support {@code save} (executors receive its file)
   * @param manifest a manifest written by {@link Manifests#write}
   * @param runDirectory the run directory, on the driver
   * @param degradations the paper's degradation names, at least one
   * @return the protocol's result
   */
  public static DegradedResult run(SparkSession spark, Detector detector, Path manifest,
      Path runDirectory, List<String> degradations) {
    Checks.notNull("spark", spark);
    return Experiment.builder().runDirectory(runDirectory).badInputPolicy(BadInputPolicy.SKIP)
        .cellScoring(new SparkCellScoring(spark)).build()
        .run(protocol(detector, manifest, degradations));
  }

  /**
   * The protocol {@link #run} runs, for a reference run elsewhere (the local runner).
   *
   * @param detector the detector
   * @param manifest a manifest written by {@link Manifests#write}
   * @param degradations the paper's degradation names, at least one
   * @return the degraded protocol with default settings, test set named after the manifest
   */
  public static Degraded protocol(Detector detector, Path manifest, List<String> degradations) {
    Checks.notNull("degradations", degradations);
    Dataset test = Dataset.of(manifest.getFileName().toString(),
        Manifests.read(manifest).samples(), ImageDecoder.standard());
    TransformResolver resolver = TransformResolver.paperDegradations();
    Degraded.Builder b = Degraded.builder().detector("given", detector).testSet("test", test)
        .settings(ProtocolSettings.defaults());
    for (String name : degradations) {
      b.degradation(name, resolver.resolve(name));
    }
    return b.build();
  }
}
