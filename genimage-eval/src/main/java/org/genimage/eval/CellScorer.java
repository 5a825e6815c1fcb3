package org.genimage.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.genimage.api.BadImageException;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.ImageTransform;
import org.genimage.api.Predictor;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;

/**
 * Scores one test set. Images are decoded (and degraded) by loader threads one window ahead of the
 * detector, so decoding overlaps scoring while at most two windows of decoded images exist at once.
 *
 * <p>Batches are formed deterministically: consecutive runs of {@code preferredBatchSize} loadable
 * images in sample order, whatever the thread count, window size or timing. Native detectors can give
 * scores that differ in the last bit with the batch an image shares, so this is what makes a cell's
 * scores reproducible run after run. Thread-safe detectors score the batches of a window in parallel, each
 * scoring thread through a {@link Predictor} of its own (one loaded model, per-thread buffers).
 */
final class CellScorer {
  /**
   * One decoded image with its size as the test set gave it (before degradation and fitting), or the
   * reason it was skipped.
   */
  private record Item(RgbImage image, int width, int height, SkippedImage skipped) {}

  private final int threads;
  private final int capacity;
  private final BadInputPolicy policy;
  private final ProgressListener listener;

  CellScorer(int threads, int capacity, BadInputPolicy policy, ProgressListener listener) {
    this.threads = threads;
    this.capacity = capacity;
    this.policy = policy;
    this.listener = listener;
  }

  CellScores score(ScoreCell cell, Detector detector, String fingerprint, ProtocolSettings settings) {
    List<Sample> samples = cell.test().samples();
    int n = samples.size();
    DetectorInfo info = detector.info();
    int batchSize = info.preferredBatchSize();
    int window = windowSize(batchSize);
    float[] scores = new float[n];
    int[] widths = new int[n];
    int[] heights = new int[n];
    SkippedImage[] skipped = new SkippedImage[n];
    ExecutorService loaders = Executors.newFixedThreadPool(Math.max(1, threads),
        daemon("genimage-load-" + cell.id()));
    ExecutorService scorers = info.threadSafe() && threads > 1
        ? Executors.newFixedThreadPool(threads, daemon("genimage-score-" + cell.id()))
        : null;
    Scoring scoring = new Scoring(cell.id(), detector, batchSize, scores, scorers, n);
    try {
      CompletableFuture<Item[]> next = loadWindow(cell, samples, settings, info.inputSize(), 0,
          Math.min(n, window), loaders);
      for (int start = 0; start < n; start += window) {
        Item[] items = await(next, cell.id());
        int nextStart = start + window;
        next = nextStart < n
            ? loadWindow(cell, samples, settings, info.inputSize(), nextStart,
                Math.min(n, nextStart + window), loaders)
            : null;
        for (int k = 0; k < items.length; k++) {
          if (items[k].skipped() != null) {
            skipped[start + k] = items[k].skipped();
            scoring.skip();
          } else {
            widths[start + k] = items[k].width();
            heights[start + k] = items[k].height();
            scoring.add(start + k, items[k].image());
          }
        }
        scoring.finishWindow(nextStart >= n);
      }
    } finally {
      loaders.shutdownNow();
      boolean idle = true;
      if (scorers != null) {
        scorers.shutdownNow();
        idle = awaitTermination(scorers);
      }
      if (idle) {
        scoring.closePredictors();
      }
    }
    List<String> ids = new ArrayList<>();
    List<SkippedImage> skips = new ArrayList<>();
    int[] labels = new int[n];
    float[] kept = new float[n];
    int[] keptWidths = new int[n];
    int[] keptHeights = new int[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (skipped[i] != null) {
        skips.add(skipped[i]);
      } else {
        ids.add(samples.get(i).id());
        labels[k] = samples.get(i).label().index();
        keptWidths[k] = widths[i];
        keptHeights[k] = heights[i];
        kept[k++] = scores[i];
      }
    }
    return new CellScores(cell.id(), fingerprint, ids, Arrays.copyOf(labels, k),
        Arrays.copyOf(kept, k), skips, Arrays.copyOf(keptWidths, k), Arrays.copyOf(keptHeights, k));
  }

  /** A window holds whole batches and at least {@code capacity} images (default two batches). */
  private int windowSize(int batchSize) {
    int wanted = capacity > 0 ? capacity : 2 * batchSize;
    return Math.max(1, (wanted + batchSize - 1) / batchSize) * batchSize;
  }

  private CompletableFuture<Item[]> loadWindow(ScoreCell cell, List<Sample> samples,
      ProtocolSettings settings, int inputSize, int from, int to, ExecutorService loaders) {
    @SuppressWarnings("unchecked")
    CompletableFuture<Item>[] parts = new CompletableFuture[to - from];
    for (int i = from; i < to; i++) {
      Sample s = samples.get(i);
      parts[i - from] = CompletableFuture.supplyAsync(
          () -> load(cell, s, settings, inputSize), loaders);
    }
    return CompletableFuture.allOf(parts).thenApply(done -> {
      Item[] items = new Item[parts.length];
      for (int i = 0; i < parts.length; i++) {
        items[i] = parts[i].join();
      }
      return items;
    });
  }

  private Item load(ScoreCell cell, Sample s, ProtocolSettings settings, int inputSize) {
    try {
      RgbImage image = cell.test().load(s);
      // The size-only baseline describes the images as the set holds them, so the size is taken
      // here, from the decode the detector needs anyway, before a degradation or fit can change it.
      int width = image.width();
      int height = image.height();
      if (!cell.isClean() && settings.degradationTarget().hits(s.label())) {
        image = cell.degradation().apply(image, ImageTransform.randomFor(settings.seed(), s.id()));
      }
      return new Item(SmallImages.fit(image, inputSize, settings.smallImagePolicy()), width, height,
          null);
    } catch (BadImageException e) {
      if (policy == BadInputPolicy.FAIL) {
        throw e;
      }
      SkippedImage skip = new SkippedImage(s.id(), s.path().toString(), e.problem());
      listener.onImageSkipped(cell.id(), skip);
      return new Item(null, 0, 0, skip);
    }
  }

  private static <T> T await(Future<T> future, String cellId) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new RunInterruptedException(cellId, e);
    } catch (ExecutionException | CompletionException e) {
      throw rethrow(e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause(),
          cellId);
    } catch (CancellationException e) {
      throw new RunInterruptedException(cellId, e);
    }
  }

  private static RuntimeException rethrow(Throwable cause, String cellId) {
    if (cause instanceof RuntimeException re) {
      return re;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new IllegalStateException("scoring cell " + cellId + " failed", cause);
  }

  /** Waits for a shut-down scorer pool (a batch in a native call cannot be interrupted); false if it is still busy. */
  private static boolean awaitTermination(ExecutorService scorers) {
    try {
      return scorers.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Collects loadable images into batches of exactly {@code batchSize} in sample order (the last
   * batch of a cell may be shorter) and scores them, in parallel when a scorer pool is given.
   */
  private final class Scoring {
    private final String cellId;
    private final Detector detector;
    private final int batchSize;
    private final float[] scores;
    private final ExecutorService pool;
    private final int total;
    private final AtomicInteger settled = new AtomicInteger();
    private final Queue<Predictor> predictors = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Predictor> predictor = ThreadLocal.withInitial(this::newPredictor);
    private final List<Future<?>> running = new ArrayList<>();
    private List<Integer> indices = new ArrayList<>();
    private List<RgbImage> images = new ArrayList<>();

    Scoring(String cellId, Detector detector, int batchSize, float[] scores, ExecutorService pool,
        int total) {
      this.cellId = cellId;
      this.detector = detector;
      this.batchSize = batchSize;
      this.scores = scores;
      this.pool = pool;
      this.total = total;
    }

    void add(int index, RgbImage image) {
      indices.add(index);
      images.add(image);
      if (images.size() == batchSize) {
        flush();
      }
    }

    void skip() {
      listener.onImagesScored(cellId, settled.incrementAndGet(), total);
    }

    /** Waits for this window's batches; at the end of the cell also scores the short last batch. */
    void finishWindow(boolean last) {
      if (last && !images.isEmpty()) {
        flush();
      }
      for (Future<?> f : running) {
        await(f, cellId);
      }
      running.clear();
    }

    private void flush() {
      List<Integer> batchIndices = indices;
      List<RgbImage> batch = images;
      indices = new ArrayList<>(batchSize);
      images = new ArrayList<>(batchSize);
      if (Thread.currentThread().isInterrupted()) {
        throw new RunInterruptedException(cellId, new InterruptedException());
      }
      if (pool == null) {
        scoreBatch(batchIndices, batch);
      } else {
        running.add(pool.submit(() -> scoreBatch(batchIndices, batch)));
      }
    }

    private Predictor newPredictor() {
      Predictor p = detector.newPredictor();
      predictors.add(p);
      return p;
    }

    /** Closes the scoring threads' predictors, once no batch is being scored. */
    void closePredictors() {
      predictor.remove();
      for (Predictor p = predictors.poll(); p != null; p = predictors.poll()) {
        p.close();
      }
    }

    private void scoreBatch(List<Integer> batchIndices, List<RgbImage> batch) {
      float[] s = predictor.get().scoreBatch(batch);
      if (s.length != batch.size()) {
        throw new IllegalStateException("detector " + detector.info().name() + " returned "
            + s.length + " scores for " + batch.size() + " images in cell " + cellId);
      }
      for (int j = 0; j < s.length; j++) {
        if (Float.isNaN(s[j])) {
          throw new IllegalStateException("detector " + detector.info().name()
              + " returned a NaN score in cell " + cellId);
        }
        scores[batchIndices.get(j)] = s[j];
      }
      listener.onImagesScored(cellId, settled.addAndGet(batch.size()), total);
    }
  }
}
