package org.genimage.eval.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.genimage.api.BadArgumentException;

/** Shared pieces of the curve records: sorting, tie grouping, array checks. */
final class Curves {
  private Curves() {}

  /** Per distinct score, from the highest down: the score and the cumulative fake and real counts. */
  record Groups(double[] score, double[] tp, double[] fp, int pos, int neg) {}

  static Groups groups(int[] labels, double[] scores) {
    MetricInputs.check(labels, scores);
    int n = labels.length;
    Integer[] boxed = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(boxed, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    double[] s = new double[n];
    double[] tp = new double[n];
    double[] fp = new double[n];
    int g = -1;
    double t = 0;
    double f = 0;
    for (int k = 0; k < n; k++) {
      int i = boxed[k];
      if (labels[i] == 1) {
        t++;
      } else {
        f++;
      }
      if (k == 0 || scores[i] != s[g]) {
        g++;
        s[g] = scores[i];
      }
      tp[g] = t;
      fp[g] = f;
    }
    int groups = g + 1;
    return new Groups(Arrays.copyOf(s, groups), Arrays.copyOf(tp, groups), Arrays.copyOf(fp, groups),
        (int) t, (int) f);
  }

  static void sameLength(String name, double[] a, String otherName, double[] b) {
    if (a.length != b.length) {
      throw new BadArgumentException(name, "has " + a.length + " values but " + otherName + " has "
          + b.length);
    }
  }

  /** A threshold {@code t} with {@code lower <= t < upper}, half-way where doubles allow. */
  static double between(double lower, double upper) {
    double t = lower + (upper - lower) / 2;
    return t < upper ? t : lower;
  }
}
