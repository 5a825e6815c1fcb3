package org.genimage.detectors.train;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prepares the batches of an epoch ahead of the step that consumes them: decoding, augmentation and
 * preprocessing of the next {@code ahead} batches run on background threads while the current step trains, into
 * a ring of {@code ahead + 1} reused buffers (so memory is bounded and nothing is allocated per batch). Batches come
 * out in order; a failure while preparing one (a bad image) is thrown by {@link #next()} for that batch. Not
 * thread-safe: one consumer.
 */
final class BatchLoader implements AutoCloseable {
  /** Fills one batch's buffers. */
  interface Filler {
    /**
     * Prepares a batch.
     *
     * @param batch  the batch index within the epoch
     * @param into   the buffers to fill
     * @return the number of samples written
     */
    int fill(int batch, Buffers into);
  }

  /** A batch's input and label arrays, reused. */
  static final class Buffers {
    final float[] input;
    final float[] labels;
    int size;

    Buffers(int inputFloats, int labelFloats) {
      this.input = new float[inputFloats];
      this.labels = new float[labelFloats];
    }
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ExecutorService pool;
  private final Filler filler;
  private final int end;
  private final int ahead;
  private final Buffers[] ring;
  @SuppressWarnings("unchecked")
  private final Future<Buffers>[] pending;
  private int next;
  private int submitted;

  /**
   * A loader over batches {@code first} (inclusive) to {@code end} (exclusive).
   *
   * @param first       the first batch to deliver
   * @param end         one past the last
   * @param ahead       batches prepared in advance (at least 1)
   * @param threads     preparing threads
   * @param inputFloats values of a full batch's input
   * @param labelFloats values of a full batch's labels
   * @param filler      prepares a batch
   */
  @SuppressWarnings("unchecked")
  BatchLoader(int first, int end, int ahead, int threads, int inputFloats, int labelFloats, Filler filler) {
    this.filler = filler;
    this.end = end;
    this.ahead = Math.max(1, ahead);
    this.ring = new Buffers[this.ahead + 1];
    for (int i = 0; i < ring.length; i++) {
      ring[i] = new Buffers(inputFloats, labelFloats);
    }
    this.pending = new Future[ring.length];
    this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "genimage-batch-loader-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.next = first;
    this.submitted = first;
    while (submitted < end && submitted < first + this.ahead) {
      submit();
    }
  }

  private void submit() {
    int b = submitted++;
    Buffers buf = ring[b % ring.length];
    pending[b % ring.length] = pool.submit(() -> {
      buf.size = filler.fill(b, buf);
      return buf;
    });
  }

  /**
   * The next batch, waiting for it if needed; its buffers stay valid until the next call.
   *
   * @return the batch
   */
  Buffers next() {
    if (next >= end) {
      throw new IllegalStateException("no batch after " + end);
    }
    Future<Buffers> f = pending[next % ring.length];
    next++;
    if (submitted < end) {
      submit();
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
