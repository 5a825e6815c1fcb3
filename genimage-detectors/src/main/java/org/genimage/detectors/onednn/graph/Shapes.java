package org.genimage.detectors.onednn.graph;

import java.util.Arrays;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/** Shape arithmetic: element counts, row-major strides, broadcasting and copy-free reshapes. */
final class Shapes {
  private Shapes() {}

  static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Row-major (C order) strides of a dense tensor. */
  static long[] denseStrides(long[] shape) {
    long[] s = new long[shape.length];
    long acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= Math.max(shape[i], 1);
    }
    return s;
  }

  /** The shape both broadcast to, as numpy; right-aligned. */
  static long[] broadcast(long[] a, long[] b) {
    int r = Math.max(a.length, b.length);
    long[] out = new long[r];
    for (int i = 0; i < r; i++) {
      long x = i < r - a.length ? 1 : a[i - (r - a.length)];
      long y = i < r - b.length ? 1 : b[i - (r - b.length)];
      if (x != y && x != 1 && y != 1) {
        throw new UnsupportedGraphException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
            + " do not broadcast");
      }
      out[i] = Math.max(x, y);
    }
    return out;
  }

  /** {@code shape} left-padded with ones to {@code rank} axes. */
  static long[] padLeft(long[] shape, int rank) {
    long[] out = new long[rank];
    Arrays.fill(out, 1);
    System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
    return out;
  }

  /**
   * Resolves one {@code -1} in a requested shape against an element count.
   *
   * @throws UnsupportedGraphException when the counts cannot agree
   */
  static long[] resolve(long[] requested, long elements) {
    long[] out = requested.clone();
    int open = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == -1) {
        if (open >= 0) {
          throw new UnsupportedGraphException("reshape to " + Arrays.toString(requested) + " has two -1 axes");
        }
        open = i;
      } else {
        known *= out[i];
      }
    }
    if (open >= 0) {
      if (known == 0 || elements % known != 0) {
        throw new UnsupportedGraphException("cannot reshape " + elements + " elements to "
            + Arrays.toString(requested));
      }
      out[open] = elements / known;
    } else if (known != elements) {
      throw new UnsupportedGraphException("cannot reshape " + elements + " elements to " + Arrays.toString(requested));
    }
    return out;
  }

  /**
   * The strides under which a strided tensor can be viewed with a new shape without copying (numpy's
   * {@code _attempt_nocopy_reshape}), or null when it cannot. C order.
   */
  static long[] reshapeStrides(long[] shape, long[] strides, long[] newShape) {
    int oldNd = 0;
    long[] olddims = new long[shape.length];
    long[] oldstrides = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] != 1) {
        olddims[oldNd] = shape[i];
        oldstrides[oldNd] = strides[i];
        oldNd++;
      }
    }
    long[] newstrides = new long[newShape.length];
    int newNd = newShape.length;
    int oi = 0;
    int oj = 1;
    int ni = 0;
    int nj = 1;
    while (ni < newNd && oi < oldNd) {
      long np = newShape[ni];
      long op = olddims[oi];
      while (np != op) {
        if (np < op) {
          np *= newShape[nj++];
        } else {
          op *= olddims[oj++];
        }
      }
      for (int ok = oi; ok < oj - 1; ok++) {
        if (oldstrides[ok] != olddims[ok + 1] * oldstrides[ok + 1]) {
          return null;
        }
      }
      newstrides[nj - 1] = oldstrides[oj - 1];
      for (int nk = nj - 1; nk > ni; nk--) {
        newstrides[nk - 1] = newstrides[nk] * newShape[nk];
      }
      ni = nj++;
      oi = oj++;
    }
    long last = ni >= 1 ? newstrides[ni - 1] : 1;
    for (int nk = ni; nk < newNd; nk++) {
      newstrides[nk] = last;
    }
    return newstrides;
  }

  /** Whether strides are the dense row-major strides of the shape (axes of length 1 ignored). */
  static boolean isDense(long[] shape, long[] strides) {
    long[] d = denseStrides(shape);
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] != 1 && d[i] != strides[i]) {
        return false;
      }
    }
    return true;
  }

  static long[] permute(long[] a, int[] perm) {
    long[] out = new long[perm.length];
    for (int i = 0; i < perm.length; i++) {
      out[i] = a[perm[i]];
    }
    return out;
  }

  static int[] inverse(int[] perm) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inv[perm[i]] = i;
    }
    return inv;
  }

  static String str(long[] shape) {
    return Arrays.toString(shape);
  }
}
