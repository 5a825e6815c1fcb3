package org.genimage.degrade;

/**
 * Per-thread scratch arrays that grow on demand, so that transforms allocate only their output image.
 * Slots are numbered by the caller; a transform must not hold a slot across calls to another transform
 * that might use the same slot (each transform uses its own slot numbers, listed here).
 */
final class Scratch {
  /**
   * Slots: byte 0 input copy, byte 1 resize, int 0-1 resize, int/double 2-3 blur, int 6-9 jpeg; row
   * sets: 0-1 resize, 2-3 blur, 4 jpeg.
   */
  static final int SLOTS = 10;

  private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

  private final int[][] ints = new int[SLOTS][];
  private final double[][] doubles = new double[SLOTS][];
  private final byte[][] bytes = new byte[SLOTS][];
  private final int[][][] intRows = new int[SLOTS][][];
  private final double[][][] doubleRows = new double[SLOTS][][];

  private Scratch() {}

  static Scratch get() {
    return LOCAL.get();
  }

  int[] ints(int slot, int length) {
    int[] a = ints[slot];
    if (a == null || a.length < length) {
      a = new int[Math.max(length, a == null ? 0 : a.length + (a.length >> 1))];
      ints[slot] = a;
    }
    return a;
  }

  byte[] bytes(int slot, int length) {
    byte[] a = bytes[slot];
    if (a == null || a.length < length) {
      a = new byte[Math.max(length, a == null ? 0 : a.length + (a.length >> 1))];
      bytes[slot] = a;
    }
    return a;
  }

  /** The image's bytes copied into byte slot 0 (the api exposes no zero-copy view of the array). */
  byte[] input(org.genimage.api.RgbImage image) {
    byte[] a = bytes(0, 3 * image.pixelCount());
    image.copyTo(a, 0);
    return a;
  }

  double[] doubles(int slot, int length) {
    double[] a = doubles[slot];
    if (a == null || a.length < length) {
      a = new double[Math.max(length, a == null ? 0 : a.length + (a.length >> 1))];
      doubles[slot] = a;
    }
    return a;
  }

  /**
   * At least {@code count} separate int arrays of at least {@code length} each. Hot loops index every
   * array with the same subscript so that C2's superword pass (JDK 17) can vectorise them, which it
   * does not do when two subscripts into arrays of one type differ by a loop-invariant offset.
   */
  int[][] intRows(int slot, int count, int length) {
    int[][] a = intRows[slot];
    if (a == null || a.length < count) {
      int[][] grown = new int[Math.max(count, a == null ? 0 : a.length + (a.length >> 1))][];
      if (a != null) {
        System.arraycopy(a, 0, grown, 0, a.length);
      }
      a = grown;
      intRows[slot] = a;
    }
    for (int i = 0; i < count; i++) {
      if (a[i] == null || a[i].length < length) {
        a[i] = new int[length];
      }
    }
    return a;
  }

  /** As {@link #intRows} for doubles. */
  double[][] doubleRows(int slot, int count, int length) {
    double[][] a = doubleRows[slot];
    if (a == null || a.length < count) {
      double[][] grown = new double[Math.max(count, a == null ? 0 : a.length + (a.length >> 1))][];
      if (a != null) {
        System.arraycopy(a, 0, grown, 0, a.length);
      }
      a = grown;
      doubleRows[slot] = a;
    }
    for (int i = 0; i < count; i++) {
      if (a[i] == null || a[i].length < length) {
        a[i] = new double[length];
      }
    }
    return a;
  }
}
