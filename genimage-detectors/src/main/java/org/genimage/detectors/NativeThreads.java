package org.genimage.detectors;

import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Bounds the OpenMP threads of the native calls made on the calling thread. ND4J and the oneDNN plan share one
 * OpenMP runtime (libgomp, loaded once per process), whose thread count is a per-thread setting: a predictor
 * that limits its own thread leaves every other thread as it was.
 */
final class NativeThreads {
  private NativeThreads() {}

  /**
   * Limits the calling thread's native calls to {@code threads} OpenMP threads.
   *
   * @param threads the limit, or 0 to leave the setting alone
   * @return the previous limit, for {@link #restore}, or 0 when nothing changed
   */
  static int limit(int threads) {
    if (threads <= 0) {
      return 0;
    }
    NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
    int previous = ops.ompGetMaxThreads();
    if (previous == threads) {
      return 0;
    }
    ops.setOmpNumThreads(threads);
    return previous;
  }

  /**
   * Puts back the limit {@link #limit} replaced.
   *
   * @param previous its return value
   */
  static void restore(int previous) {
    if (previous > 0) {
      NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(previous);
    }
  }
}
