package org.genimage.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.genimage.api.BadImageException;
import org.genimage.api.Detector;
import org.genimage.api.ImageTransform;
import org.genimage.api.Label;
import org.genimage.api.ModelProvenance;
import org.genimage.api.ReadLimits;
import org.genimage.api.RgbImage;
import org.genimage.eval.DegradationTarget;
import org.genimage.eval.SmallImagePolicy;
import org.genimage.eval.SmallImages;

/**
 * Scores one partition on an executor: borrows the detector, decodes each image once, applies every
 * condition's degradation exactly as {@link org.genimage.eval.Experiment}'s scorer does, and
 * scores in batches per condition.
 *
 * <p>Every forward pass gets a multiple of the detector's preferred batch size: a short last batch
 * is padded with copies of its last image and the extra scores are dropped. oneDNN picks kernels by
 * the batch dimension, and a ResNet's score for an image can differ in the last bit between a pass of
 * 8 and one of 3; padding makes each score independent of how samples fall into partitions, so runs
 * with any number of executors or partitions agree bit for bit. Image bytes are read from each
 * sample's location through Hadoop's {@code FileSystem} (bounded by {@link
 * ReadLimits#MAX_IMAGE_BYTES}), then decoded by the task's {@link ImageLoaderFactory.BytesLoader}. A
 * {@link BadImageException} (missing, too large, undecodable) becomes a row with its problem; any
 * other failure fails the task, and Spark reruns it (discarding this attempt's rows).
 */
final class PartitionScorer implements FlatMapFunction<Iterator<SampleRef>, Row> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<byte[]> detectorBytes;
  private final Broadcast<HadoopConf> hadoopConf;
  private final String detectorKey;
  private final List<String> conditions;
  private final TransformResolver resolver;
  private final ImageLoaderFactory loaderFactory;
  private final DegradationTarget target;
  private final long seed;
  private final SmallImagePolicy smallImagePolicy;
  private final int batchSize;

  PartitionScorer(Broadcast<byte[]> detectorBytes, Broadcast<HadoopConf> hadoopConf,
      String detectorKey, List<String> conditions,
      TransformResolver resolver, ImageLoaderFactory loaderFactory, DegradationTarget target,
      long seed, SmallImagePolicy smallImagePolicy, int batchSize) {
    this.detectorBytes = detectorBytes;
    this.hadoopConf = hadoopConf;
    this.detectorKey = detectorKey;
    this.conditions = List.copyOf(conditions);
    this.resolver = resolver;
    this.loaderFactory = loaderFactory;
    this.target = target;
    this.seed = seed;
    this.smallImagePolicy = smallImagePolicy;
    this.batchSize = batchSize;
  }

  /**
   * A partition's rows and the provenance of the detector that scored them.
   *
   * @param rows one row per sample and condition
   * @param model the detector's {@link ModelProvenance}, null for an empty partition
   * @param batchSize the images per forward pass this task used (the configured size, else the
   *     detector's preferred one), 0 for an empty partition
   */
  record Scored(List<Row> rows, ModelProvenance model, int batchSize) {}

  @Override
  public Iterator<Row> call(Iterator<SampleRef> refs) {
    return score(refs).rows().iterator();
  }

  /**
   * Scores a partition.
   *
   * @param refs the partition's samples
   * @return the rows and the detector's provenance
   */
  Scored score(Iterator<SampleRef> refs) {
    List<Row> out = new ArrayList<>();
    if (!refs.hasNext()) {
      return new Scored(out, null, 0);
    }
    ImageLoaderFactory.BytesLoader loader = loaderFactory.create();
    org.apache.hadoop.conf.Configuration conf = hadoopConf.value().get();
    int c = conditions.size();
    ImageTransform[] transforms = new ImageTransform[c];
    for (int k = 0; k < c; k++) {
      transforms[k] = resolver.transformOf(conditions.get(k));
    }
    Detector detector = ExecutorDetectors.borrow(detectorKey, detectorBytes::value);
    ModelProvenance model;
    int batch;
    // A shared (thread-safe) model serves every task slot: its scoreBatch hands each concurrent call a pooled
    // predictor, reused across tasks, rather than a new one (a new activation arena) per partition.
    try {
      model = detector.info().modelProvenance();
      int inputSize = detector.info().inputSize();
      int pad = Math.max(1, detector.info().preferredBatchSize());
      batch = batchSize > 0 ? batchSize : pad;
      List<List<Pending>> pendingRefs = new ArrayList<>(c);
      List<List<RgbImage>> pendingImages = new ArrayList<>(c);
      for (int k = 0; k < c; k++) {
        pendingRefs.add(new ArrayList<>(batch));
        pendingImages.add(new ArrayList<>(batch));
      }
      while (refs.hasNext()) {
        SampleRef ref = refs.next();
        RgbImage image;
        try {
          image = loader.load(ref.toSample(),
              HadoopFiles.readImage(ref.path(), conf, ReadLimits.MAX_IMAGE_BYTES));
        } catch (BadImageException e) {
          for (String condition : conditions) {
            out.add(ScoreRows.error(ref, condition, e.problem()));
          }
          continue;
        }
        boolean hit = target.hits(Label.fromIndex(ref.label()));
        for (int k = 0; k < c; k++) {
          RgbImage x = image;
          if (!ScoreRows.isClean(conditions.get(k)) && hit) {
            x = transforms[k].apply(x, ImageTransform.randomFor(seed, ref.id()));
          }
          pendingRefs.get(k).add(new Pending(ref, image.width(), image.height()));
          pendingImages.get(k).add(SmallImages.fit(x, inputSize, smallImagePolicy));
          if (pendingImages.get(k).size() == batch) {
            flush(detector, conditions.get(k), pendingRefs.get(k), pendingImages.get(k), pad, out);
          }
        }
      }
      for (int k = 0; k < c; k++) {
        flush(detector, conditions.get(k), pendingRefs.get(k), pendingImages.get(k), pad, out);
      }
    } finally {
      ExecutorDetectors.giveBack(detectorKey, detector);
    }
    return new Scored(out, model, batch);
  }

  /** A sample waiting in a batch, with its size as loaded (before degradation and fitting). */
  private record Pending(SampleRef ref, int width, int height) {}

  private static void flush(Detector detector, String condition, List<Pending> refs,
      List<RgbImage> images, int pad, List<Row> out) {
    if (images.isEmpty()) {
      return;
    }
    int n = images.size();
    while (images.size() % pad != 0) {
      images.add(images.get(n - 1));
    }
    float[] all = detector.scoreBatch(images);
    if (all.length != images.size()) {
      throw new IllegalStateException("detector " + detector.info().name() + " returned "
          + all.length + " scores for " + images.size() + " images");
    }
    float[] scores = java.util.Arrays.copyOf(all, n);
    if (scores.length != n) {
      throw new IllegalStateException("detector " + detector.info().name() + " returned "
          + scores.length + " scores for " + images.size() + " images");
    }
    for (int i = 0; i < scores.length; i++) {
      if (Float.isNaN(scores[i])) {
        throw new IllegalStateException("detector " + detector.info().name()
            + " returned a NaN score for " + refs.get(i).ref().path());
      }
      Pending p = refs.get(i);
      out.add(ScoreRows.scored(p.ref(), condition, scores[i], p.width(), p.height()));
    }
    refs.clear();
    images.clear();
  }
}
