package org.genimage.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.Detector;
import org.genimage.api.internal.Checks;
import org.genimage.eval.CellScores;
import org.genimage.eval.CellScoring;
import org.genimage.eval.Experiment;
import org.genimage.eval.ProtocolSettings;
import org.genimage.eval.ScoreCell;

/**
 * Scores an {@link Experiment}'s cells on Spark, so a protocol's test side (the cross-generator
 * matrix's cells, the degraded set) runs on a cluster while the experiment writes the same run
 * directory, resumes the same way (cells already written are skipped and never reach Spark) and
 * records the same provenance as a local run:
 *
 * <pre>{@code
 * CrossGeneratorResult r = Experiment.builder()
 *     .runDirectory(Path.of("runs/cross"))
 *     .cellScoring(new SparkCellScoring(spark))
 *     .build()
 *     .run(protocol);
 * }</pre>
 *
 * <p>A cell's detector is shipped as the file the experiment saved it to; a detector given
 * ready-made is saved once to a temporary file first (it must support {@code save}). The cell's
 * degradation is rebuilt on the executors from its condition name with a {@link TransformResolver},
 * and its {@code description()} must equal the cell's, so a name that means something else on the
 * executors is refused before any image is scored. Under {@link BadInputPolicy#FAIL} the first
 * image that failed to load (in the test set's order) fails the run, after the job. Each scored
 * image's size, as the executors decoded it before degradation, comes back in the score rows and is
 * stored with the scores, as the local scorer stores it, for the reports' size-only baseline.
 */
public final class SparkCellScoring implements CellScoring {
  private final SparkSession spark;
  private final TransformResolver resolver;
  private final ImageLoaderFactory loaderFactory;
  private final int partitionSize;
  private final Map<Detector, Path> savedGiven = new IdentityHashMap<>();

  /**
   * Scores with the paper's degradation names, the standard decoder and 256 samples per partition.
   *
   * @param spark the session
   */
  public SparkCellScoring(SparkSession spark) {
    this(spark, TransformResolver.paperDegradations(), ImageLoaderFactory.standard(), 256);
  }

  /**
   * Scores with the given resolver, loader and partition size.
   *
   * @param spark the session
   * @param resolver turns the cells' condition names into degradations on the executors
   * @param loaderFactory how executors decode images
   * @param partitionSize samples per partition, at least 1
   */
  public SparkCellScoring(SparkSession spark, TransformResolver resolver,
      ImageLoaderFactory loaderFactory, int partitionSize) {
    this.spark = Checks.notNull("spark", spark);
    this.resolver = Checks.notNull("resolver", resolver);
    this.loaderFactory = Checks.notNull("loaderFactory", loaderFactory);
    this.partitionSize = Checks.positive("partitionSize", partitionSize);
  }

  @Override
  public CellScores score(ScoreCell cell, Detector detector, Optional<Path> detectorFile,
      String fingerprint, ProtocolSettings settings, BadInputPolicy policy) {
    Checks.notNull("cell", cell);
    if (!cell.isClean()) {
      String here = cell.degradation().description();
      String there = resolver.resolve(cell.condition()).description();
      if (!here.equals(there)) {
        throw new BadArgumentException("cell.condition", "cell " + cell.id() + " names condition "
            + cell.condition() + " = " + here + ", but the executors' resolver makes " + there
            + "; name the degradations as the resolver does or pass another resolver");
      }
    }
    Path file = detectorFile.orElseGet(() -> saveGiven(detector));
    try (SparkScorer scorer = SparkScorer.builder(spark)
        .detectorFile(file)
        .resolver(resolver)
        .conditions(cell.condition())
        .loaderFactory(underControl(loaderFactory, settings))
        .settings(settings)
        .partitionSize(partitionSize)
        .build()) {
      CellScores s = scorer.scoreCell(cell.test().samples(), cell.condition(), cell.id(),
          fingerprint);
      if (policy == BadInputPolicy.FAIL && !s.skipped().isEmpty()) {
        var first = s.skipped().get(0);
        throw new org.genimage.api.BadImageException(Path.of(first.path()), first.problem());
      }
      return s;
    }
  }

  /**
   * The executors' loader with the settings' bias control: the test set's samples are already the
   * ones it keeps, but the executors decode files themselves, so fakes must be re-encoded here as
   * the local runner's controlled dataset does.
   */
  static ImageLoaderFactory underControl(ImageLoaderFactory base, ProtocolSettings settings) {
    java.util.OptionalInt q = settings.biasControl().jpegQuality();
    if (q.isEmpty()) {
      return base;
    }
    int quality = q.getAsInt();
    return base.decorated(inner -> org.genimage.dataset.Shortcuts.jpegFakes(inner, quality));
  }

  private synchronized Path saveGiven(Detector detector) {
    return savedGiven.computeIfAbsent(detector, d -> {
      try {
        Path tmp = Files.createTempFile("genimage-spark-given-", ".detector");
        tmp.toFile().deleteOnExit();
        d.save(tmp);
        return tmp;
      } catch (UnsupportedOperationException e) {
        throw new BadArgumentException("detector", d.info().name() + " cannot be saved, and "
            + "executors can only receive a saved detector file: " + e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot save detector " + d.info().name()
            + " to a temporary file", e);
      }
    });
  }
}
