package org.genimage.eval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which cells of a run were computed and which were resumed from the run directory, told to the
 * {@link ProgressListener} as they happen.
 */
final class RunLedger {
  private final ProgressListener listener;
  private final List<String> computed = new ArrayList<>();
  private final List<String> resumed = new ArrayList<>();

  RunLedger(ProgressListener listener) {
    this.listener = listener;
  }

  void resumed(String cellId) {
    resumed.add(cellId);
    listener.onCellResumed(cellId);
  }

  /**
   * A cell starts.
   *
   * @param kind {@code "train"} or {@code "score"}
   * @return its start time, for {@link #computed}
   */
  long started(String cellId, String kind) {
    long start = System.nanoTime();
    listener.onCellStart(cellId, kind);
    return start;
  }

  void computed(String cellId, long start) {
    computed.add(cellId);
    listener.onCellFinished(cellId, Duration.ofNanos(System.nanoTime() - start));
  }

  void finish() {
    listener.onRunFinished(computed.size(), resumed.size());
  }

  List<String> computed() {
    return computed;
  }

  List<String> resumed() {
    return resumed;
  }
}
