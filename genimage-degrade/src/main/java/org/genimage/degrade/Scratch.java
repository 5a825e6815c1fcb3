package org.genimage.degrade;

/**
 * Per-thread scratch arrays that grow on demand, so that transforms allocate only their output image.
 * Slots are numbered by the caller; a transform must not hold a slot across calls to another transform
 * that might use the same slot (each transform uses its own slot numbers, listed here).
 */
final class Scratch {
  /** Slots: byte 0 input copy, byte 1 resize, int 0-1 resize, int/double 2-3 blur, int 4-9 jpeg. */
  static final int SLOTS = 10;

  private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

  private final int[][] ints = new int[SLOTS][];
  private final double[][] doubles = new double[SLOTS][];
  private final byte[][] bytes = new byte[SLOTS][];

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
}
