package org.genimage.bench.degrade;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.genimage.api.RgbImage;

/**
 * Times the {@link DegradeBenchmark} operations in thread CPU time rather than wall time, so that a
 * heavily shared machine (other processes taking the cores) distorts the figures less; the peer script
 * ({@code degrade_peer.py --cpu}) times Pillow/SciPy/OpenCV with {@code time.thread_time} to match.
 * Each operation is warmed up for one second, then timed in 7 batches of about 0.2 s; the median
 * batch's mean per call is printed as {@code name size microseconds}.
 *
 * <p>Run: {@code java -cp genimage-bench/target/benchmarks.jar
 * org.genimage.bench.degrade.DegradeCpuTimes 256 512 [name-filter]}.
 */
public final class DegradeCpuTimes {
  private DegradeCpuTimes() {}

  /**
   * Prints the median CPU time per call of every benchmark operation for each size.
   *
   * @param args image sides, optionally followed by a substring that operation names must contain
   */
  public static void main(String[] args) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    String filter = "";
    for (String a : args) {
      if (!a.chars().allMatch(Character::isDigit)) {
        filter = a;
      }
    }
    for (String a : args) {
      if (!a.chars().allMatch(Character::isDigit)) {
        continue;
      }
      DegradeBenchmark b = new DegradeBenchmark();
      b.size = Integer.parseInt(a);
      b.setUp();
      Map<String, Supplier<RgbImage>> ops = new LinkedHashMap<>();
      ops.put("resizeBicubic112", b::resizeBicubic112);
      ops.put("resizeBilinear64", b::resizeBilinear64);
      ops.put("resizeBox64", b::resizeBox64);
      ops.put("resizeLanczos112", b::resizeLanczos112);
      ops.put("resizeNearest112", b::resizeNearest112);
      ops.put("jpeg65", b::jpeg65);
      ops.put("jpeg30", b::jpeg30);
      ops.put("blurScipy3", b::blurScipy3);
      ops.put("blurScipy5", b::blurScipy5);
      ops.put("blurOpencv3", b::blurOpencv3);
      ops.put("noise5", b::noise5);
      ops.put("flip", b::flip);
      ops.put("centerCrop224", b::centerCrop224);
      ops.put("cnnSpotBlurJpeg", b::cnnSpotBlurJpeg);
      for (Map.Entry<String, Supplier<RgbImage>> e : ops.entrySet()) {
        if (!e.getKey().contains(filter)) {
          continue;
        }
        System.out.printf("%s %d %.1f%n", e.getKey(), b.size, medianMicros(mx, e.getValue()));
      }
    }
  }

  private static double medianMicros(ThreadMXBean mx, Supplier<RgbImage> op) {
    long sink = 0;
    long end = mx.getCurrentThreadCpuTime() + 1_000_000_000L;
    while (mx.getCurrentThreadCpuTime() < end) {
      sink += op.get().width();
    }
    double[] batches = new double[7];
    for (int i = 0; i < batches.length; i++) {
      long t0 = mx.getCurrentThreadCpuTime();
      long t;
      int n = 0;
      do {
        sink += op.get().width();
        n++;
        t = mx.getCurrentThreadCpuTime();
      } while (t - t0 < 200_000_000L);
      batches[i] = (t - t0) / 1e3 / n;
    }
    if (sink == 42) {
      System.out.print("");
    }
    Arrays.sort(batches);
    return batches[batches.length / 2];
  }
}
