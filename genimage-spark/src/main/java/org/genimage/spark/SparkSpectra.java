package org.genimage.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.genimage.api.BadImageException;
import org.genimage.api.ImageLoader;
import org.genimage.api.ReadLimits;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;
import org.genimage.eval.SkippedImage;
import org.genimage.spectral.AverageSpectrum;
import org.genimage.spectral.AverageSpectrumConfig;

/**
 * Average spectra per group (by default generator and label, {@code "sd14/ai"}, {@code
 * "sd14/nature"}) on Spark, merged exactly.
 *
 * <p>Each group's samples, in their given order, are cut into chunks of {@code chunkSize}; a task
 * accumulates one chunk into an {@link AverageSpectrum} and returns its {@code byte[]} form, and the
 * driver merges a group's chunks in chunk order. The sums are therefore added in an order fixed by
 * the samples and the chunk size alone, never by the number of executors or which task finishes
 * first: the result is bit-identical from run to run and to {@link #local}, which does the same
 * chunks in one JVM. (A single unchunked pass differs from it only in the rounding of the double
 * additions.) Images that fail to load are listed with their path and left out.
 */
public final class SparkSpectra {
  private SparkSpectra() {}

  /**
   * The per-group averages and the images left out.
   *
   * @param spectra the accumulator of each group, by group key in sorted order
   * @param skipped the images that could not be loaded, in the samples' order within each group
   */
  public record Result(Map<String, AverageSpectrum> spectra, List<SkippedImage> skipped) {
    /**
     * Validates and copies the components.
     *
     * @throws org.genimage.api.BadArgumentException for a null component
     */
    public Result {
      spectra = java.util.Collections.unmodifiableMap(new TreeMap<>(Checks.notNull("spectra",
          spectra)));
      skipped = List.copyOf(Checks.notNull("skipped", skipped));
    }
  }

  /** One unit of work: a group's chunk of samples. */
  private record Chunk(String group, int index, List<SampleRef> refs) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** A task's output: the chunk's accumulator as bytes and its failed images as (id, path, problem). */
  private record Partial(String group, int index, byte[] spectrum, List<String[]> skipped)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * The default group of a sample: {@code "<generator id>/<ai|nature>"}.
   *
   * @param sample the sample
   * @return the group key
   */
  public static String generatorAndLabel(Sample sample) {
    return sample.generator().id() + "/" + sample.label().releaseFolder();
  }

  /**
   * Averages spectra per generator and label on Spark.
   *
   * @param spark the session
   * @param samples the samples; executors read them from their paths through Hadoop's {@code
   *     FileSystem}
   * @param config what to average
   * @param chunkSize samples per task, at least 1
   * @param loaderFactory how executors decode images (they read the bytes from each sample's
   *     location through Hadoop's {@code FileSystem})
   * @return the averages and the images left out
   */
  public static Result averageByGenerator(SparkSession spark, List<Sample> samples,
      AverageSpectrumConfig config, int chunkSize, ImageLoaderFactory loaderFactory) {
    Checks.notNull("spark", spark);
    Checks.notNull("config", config);
    Checks.notNull("loaderFactory", loaderFactory);
    List<Chunk> chunks = chunks(samples, chunkSize);
    if (chunks.isEmpty()) {
      return new Result(Map.of(), List.of());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<HadoopConf> conf = jsc.broadcast(new HadoopConf(
        spark.sparkContext().hadoopConfiguration()));
    try {
      List<Partial> partials = jsc.parallelize(chunks, chunks.size())
          .map(c -> {
            ImageLoaderFactory.BytesLoader loader = loaderFactory.create();
            Configuration hadoop = conf.value().get();
            return accumulate(c, config, ref -> loader.load(ref.toSample(),
                HadoopFiles.readImage(ref.path(), hadoop, ReadLimits.MAX_IMAGE_BYTES)));
          })
          .collect();
      return merge(partials, config);
    } finally {
      conf.destroy();
    }
  }

  /**
   * The same computation in this JVM: same chunks, same merge order, so the same bits as
   * {@link #averageByGenerator} with the same chunk size.
   *
   * @param samples the samples
   * @param config what to average
   * @param chunkSize samples per chunk, at least 1
   * @param loader how images are decoded
   * @return the averages and the images left out
   */
  public static Result local(List<Sample> samples, AverageSpectrumConfig config, int chunkSize,
      ImageLoader loader) {
    Checks.notNull("config", config);
    Checks.notNull("loader", loader);
    List<Partial> partials = new ArrayList<>();
    for (Chunk c : chunks(samples, chunkSize)) {
      partials.add(accumulate(c, config, ref -> loader.load(ref.toSample())));
    }
    return merge(partials, config);
  }

  private static List<Chunk> chunks(List<Sample> samples, int chunkSize) {
    Checks.notNull("samples", samples);
    Checks.positive("chunkSize", chunkSize);
    Map<String, List<SampleRef>> groups = new LinkedHashMap<>();
    List<SampleRef> refs = SampleRef.of(samples);
    for (int i = 0; i < samples.size(); i++) {
      groups.computeIfAbsent(generatorAndLabel(samples.get(i)), g -> new ArrayList<>())
          .add(refs.get(i));
    }
    List<Chunk> chunks = new ArrayList<>();
    groups.forEach((group, list) -> {
      for (int from = 0, k = 0; from < list.size(); from += chunkSize, k++) {
        chunks.add(new Chunk(group, k,
            new ArrayList<>(list.subList(from, Math.min(list.size(), from + chunkSize)))));
      }
    });
    return chunks;
  }

  private static Partial accumulate(Chunk chunk, AverageSpectrumConfig config,
      java.util.function.Function<SampleRef, org.genimage.api.RgbImage> loader) {
    AverageSpectrum acc = new AverageSpectrum(config);
    List<String[]> skipped = new ArrayList<>();
    for (SampleRef ref : chunk.refs()) {
      try {
        acc.add(loader.apply(ref));
      } catch (BadImageException e) {
        skipped.add(new String[] {ref.id(), ref.path(), e.problem()});
      }
    }
    return new Partial(chunk.group(), chunk.index(), acc.toBytes(), skipped);
  }

  private static Result merge(List<Partial> partials, AverageSpectrumConfig config) {
    List<Partial> sorted = new ArrayList<>(partials);
    sorted.sort(Comparator.comparing(Partial::group).thenComparingInt(Partial::index));
    Map<String, AverageSpectrum> spectra = new TreeMap<>();
    List<SkippedImage> skipped = new ArrayList<>();
    for (Partial p : sorted) {
      spectra.computeIfAbsent(p.group(), g -> new AverageSpectrum(config))
          .merge(AverageSpectrum.fromBytes(p.spectrum()));
      for (String[] s : p.skipped()) {
        skipped.add(new SkippedImage(s[0], s[1], s[2]));
      }
    }
    return new Result(spectra, skipped);
  }
}
