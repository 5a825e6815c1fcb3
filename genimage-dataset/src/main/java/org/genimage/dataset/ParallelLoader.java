package org.genimage.dataset;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.genimage.api.BadImageException;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.Dataset;
import org.genimage.api.GenImageException;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * Loads a dataset's images on several threads with a bounded read-ahead.
 *
 * <p><b>Order guarantee:</b> results come out in exactly the order of {@link Dataset#samples()},
 * whatever thread decoded them; at most {@code queueCapacity} decoded (or in-flight) images exist at
 * once, so memory stays bounded however large the dataset. A failing sample is either thrown (as the
 * {@link BadImageException} naming its file, when the iteration reaches it, under
 * {@link BadInputPolicy#FAIL}) or left out and recorded in {@link Session#skipped()} (under
 * {@link BadInputPolicy#SKIP}); the order of the remaining results is unchanged. Only a
 * {@link BadImageException} (a bad file) is handled so: any other failure of a load (a bug in a
 * transform, out of memory) is rethrown as it is, whatever the policy, and ends the session.
 *
 * <pre>{@code
 * try (ParallelLoader.Session s = ParallelLoader.builder().threads(4).build().open(dataset)) {
 *   while (s.hasNext()) { ParallelLoader.Loaded x = s.next(); ... }
 * }
 * }</pre>
 */
public final class ParallelLoader {
  private final int threads;
  private final int capacity;
  private final BadInputPolicy policy;

  private ParallelLoader(Builder b) {
    this.threads = b.threads;
    this.capacity = b.capacity;
    this.policy = b.policy;
  }

  /**
   * A builder: threads = available processors, capacity = 4 x threads, policy FAIL.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * One loaded sample.
   *
   * @param position the sample's position in the dataset's list
   * @param sample the sample
   * @param image its pixels
   */
  public record Loaded(int position, Sample sample, RgbImage image) {
    /**
     * Validates the components.
     *
     * @throws org.genimage.api.BadArgumentException if a component is null or position negative
     */
    public Loaded {
      Checks.nonNegative("position", position);
      Checks.notNull("sample", sample);
      Checks.notNull("image", image);
    }
  }

  /**
   * Starts loading a dataset.
   *
   * @param dataset the dataset
   * @return a session to iterate and close
   */
  public Session open(Dataset dataset) {
    Checks.notNull("dataset", dataset);
    return new Session(dataset);
  }

  /** An iteration over a dataset's loaded images, in dataset order. Close it to stop the threads. */
  public final class Session implements Iterator<Loaded>, AutoCloseable {
    private final Dataset dataset;
    private final List<Sample> samples;
    private final ExecutorService pool;
    private final ArrayDeque<Future<Object>> window = new ArrayDeque<>();
    private final List<Problem> skipped = new ArrayList<>();
    private int submitted;
    private int delivered;
    private Loaded next;

    private Session(Dataset dataset) {
      this.dataset = dataset;
      this.samples = dataset.samples();
      AtomicInteger n = new AtomicInteger();
      this.pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "genimage-loader-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      fill();
    }

    private void fill() {
      while (window.size() < capacity && submitted < samples.size()) {
        int pos = submitted++;
        Sample s = samples.get(pos);
        window.add(pool.submit(() -> {
          try {
            return new Loaded(pos, s, dataset.load(s));
          } catch (BadImageException e) {
            // Only a bad file is a result the policy may skip; anything else thrown by the load
            // (a bug in a transform, out of memory) fails the task and so the iteration.
            return e;
          }
        }));
      }
    }

    @Override
    public boolean hasNext() {
      while (next == null && !window.isEmpty()) {
        Future<Object> head = window.poll();
        Object result;
        try {
          result = head.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new GenImageException("interrupted while loading", e);
        } catch (ExecutionException e) {
          close();
          throw propagate(e.getCause());
        }
        fill();
        if (result instanceof Loaded l) {
          next = l;
        } else {
          BadImageException bad = (BadImageException) result;
          if (policy == BadInputPolicy.FAIL) {
            close();
            throw bad;
          }
          skipped.add(new Problem(bad.file().orElse(java.nio.file.Path.of("<memory>")),
              Problem.Kind.of(bad.reason()), bad.problem()));
        }
      }
      return next != null;
    }

    /**
     * The failure of a load task, rethrown as it was (its stack trace names the sample's thread
     * and the code at fault); a checked one, which {@code Dataset.load} cannot throw, is wrapped.
     */
    private RuntimeException propagate(Throwable cause) {
      if (cause instanceof Error e) {
        throw e;
      }
      if (cause instanceof RuntimeException e) {
        return e;
      }
      return new GenImageException("loader task failed", cause);
    }

    @Override
    public Loaded next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Loaded l = next;
      next = null;
      delivered++;
      return l;
    }

    /**
     * The samples left out so far under {@link BadInputPolicy#SKIP}, in dataset order.
     *
     * @return a copy of the list
     */
    public List<Problem> skipped() {
      return List.copyOf(skipped);
    }

    /**
     * How many images were delivered so far.
     *
     * @return the count
     */
    public int delivered() {
      return delivered;
    }

    /** Stops the threads; undelivered images are dropped. */
    @Override
    public void close() {
      pool.shutdownNow();
      window.clear();
    }
  }

  /** Options of a {@link ParallelLoader}. */
  public static final class Builder {
    private int threads = Runtime.getRuntime().availableProcessors();
    private int capacity = -1;
    private BadInputPolicy policy = BadInputPolicy.FAIL;

    private Builder() {}

    /**
     * The number of decoding threads.
     *
     * @param value 1..256
     * @return this builder
     */
    public Builder threads(int value) {
      this.threads = Checks.inRange("threads", value, 1, 256);
      return this;
    }

    /**
     * The most images decoded ahead of the consumer.
     *
     * @param value 1..65536 (default 4 x threads)
     * @return this builder
     */
    public Builder queueCapacity(int value) {
      this.capacity = Checks.inRange("queueCapacity", value, 1, 65_536);
      return this;
    }

    /**
     * What to do with an image that fails to load.
     *
     * @param value the policy (default {@link BadInputPolicy#FAIL})
     * @return this builder
     */
    public Builder policy(BadInputPolicy value) {
      this.policy = Checks.notNull("policy", value);
      return this;
    }

    /**
     * Makes the loader.
     *
     * @return the loader
     */
    public ParallelLoader build() {
      if (capacity < 0) {
        capacity = Math.max(1, 4 * threads);
      }
      return new ParallelLoader(this);
    }
  }
}
