package org.genimage.api.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.genimage.api.BadImageException;
import org.genimage.api.Detector;
import org.genimage.api.DetectorInfo;
import org.genimage.api.ImageTransform;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;

/**
 * Scores one test set: loader threads decode and degrade images into a bounded queue, scorer threads
 * (one, or several for a thread-safe detector) batch them into the detector. At most {@code capacity}
 * decoded images wait in the queue, plus one batch per scorer and one image per loader in flight.
 */
final class CellScorer {
  private record Item(int index, RgbImage image, SkippedImage skipped) {}

  private final int threads;
  private final int capacity;
  private final BadImagePolicy policy;
  private final ProgressListener listener;

  CellScorer(int threads, int capacity, BadImagePolicy policy, ProgressListener listener) {
    this.threads = threads;
    this.capacity = capacity;
    this.policy = policy;
    this.listener = listener;
  }

  CellScores score(ScoreCell cell, Detector detector, String fingerprint, ProtocolSettings settings) {
    List<Sample> samples = cell.test().samples();
    int n = samples.size();
    float[] scores = new float[n];
    SkippedImage[] skipped = new SkippedImage[n];
    DetectorInfo info = detector.info();
    int batchSize = info.preferredBatchSize();
    int scorers = info.threadSafe() ? Math.max(1, threads) : 1;
    BlockingQueue<Item> queue = new ArrayBlockingQueue<>(capacity > 0 ? capacity : 2 * batchSize);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger taken = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads + scorers - 1, r -> {
      Thread t = new Thread(r, "genimage-score-" + cell.id());
      t.setDaemon(true);
      return t;
    });
    try {
      for (int t = 0; t < threads; t++) {
        pool.execute(() -> load(cell, samples, settings, info.inputSize(), next, queue, failure));
      }
      for (int t = 1; t < scorers; t++) {
        pool.execute(() -> consume(cell.id(), detector, batchSize, n, queue, taken, done, scores,
            skipped, failure));
      }
      consume(cell.id(), detector, batchSize, n, queue, taken, done, scores, skipped, failure);
      pool.shutdown();
      while (!pool.awaitTermination(100, TimeUnit.MILLISECONDS)) {
        if (failure.get() != null) {
          break;
        }
      }
    } catch (InterruptedException e) {
      failure.compareAndSet(null, e);
    } finally {
      pool.shutdownNow();
    }
    Throwable f = failure.get();
    if (f instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      throw new RunInterruptedException(cell.id(), f);
    }
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
    if (f != null) {
      throw new IllegalStateException("scoring cell " + cell.id() + " failed", f);
    }
    List<String> ids = new ArrayList<>();
    List<SkippedImage> skips = new ArrayList<>();
    int[] labels = new int[n];
    float[] kept = new float[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (skipped[i] != null) {
        skips.add(skipped[i]);
      } else {
        ids.add(samples.get(i).id());
        labels[k] = samples.get(i).label().index();
        kept[k++] = scores[i];
      }
    }
    return new CellScores(cell.id(), fingerprint, ids, java.util.Arrays.copyOf(labels, k),
        java.util.Arrays.copyOf(kept, k), skips);
  }

  private void load(ScoreCell cell, List<Sample> samples, ProtocolSettings settings, int inputSize,
      AtomicInteger next, BlockingQueue<Item> queue, AtomicReference<Throwable> failure) {
    try {
      int i;
      while (failure.get() == null && (i = next.getAndIncrement()) < samples.size()) {
        Sample s = samples.get(i);
        Item item;
        try {
          RgbImage image = cell.test().load(s);
          if (!cell.isClean() && settings.degradationTarget().hits(s.label())) {
            image = cell.degradation().apply(image, ImageTransform.randomFor(settings.seed(), s.id()));
          }
          image = SmallImages.fit(image, inputSize, settings.smallImagePolicy());
          item = new Item(i, image, null);
        } catch (BadImageException e) {
          if (policy == BadImagePolicy.STRICT) {
            throw e;
          }
          SkippedImage skip = new SkippedImage(s.id(), s.path().toString(), e.problem());
          listener.onImageSkipped(cell.id(), skip);
          item = new Item(i, null, skip);
        }
        queue.put(item);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    }
  }

  private void consume(String cellId, Detector detector, int batchSize, int n,
      BlockingQueue<Item> queue, AtomicInteger taken, AtomicInteger done, float[] scores,
      SkippedImage[] skipped, AtomicReference<Throwable> failure) {
    List<Item> batch = new ArrayList<>(batchSize);
    List<RgbImage> images = new ArrayList<>(batchSize);
    try {
      while (failure.get() == null && taken.get() < n) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException();
        }
        Item first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        // Wait briefly for a full batch: batches are much faster than single images on real nets.
        while (batch.size() < batchSize && taken.get() + batch.size() < n) {
          queue.drainTo(batch, batchSize - batch.size());
          if (batch.size() < batchSize && taken.get() + batch.size() < n) {
            Item more = queue.poll(20, TimeUnit.MILLISECONDS);
            if (more == null) {
              break;
            }
            batch.add(more);
          }
        }
        taken.addAndGet(batch.size());
        images.clear();
        for (Item it : batch) {
          if (it.image() != null) {
            images.add(it.image());
          }
        }
        float[] s = images.isEmpty() ? new float[0] : detector.scoreBatch(images);
        if (s.length != images.size()) {
          throw new IllegalStateException("detector " + detector.info().name() + " returned "
              + s.length + " scores for " + images.size() + " images in cell " + cellId);
        }
        for (float v : s) {
          if (Float.isNaN(v)) {
            throw new IllegalStateException("detector " + detector.info().name()
                + " returned a NaN score in cell " + cellId);
          }
        }
        int j = 0;
        for (Item it : batch) {
          if (it.image() != null) {
            scores[it.index()] = s[j++];
          } else {
            skipped[it.index()] = it.skipped();
          }
        }
        listener.onImagesScored(cellId, done.addAndGet(batch.size()), n);
        batch.clear();
      }
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    }
  }
}
