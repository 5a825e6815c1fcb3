package org.genimage.dataset;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded byte-level mutations for the readers' fuzz tests. */
final class Mutations {
  /** Path-like strings a hostile file would plant. */
  static final List<String> HOSTILE_PATHS = List.of("/etc/passwd", "../../x", "a/../../../b",
      "..", "C:\\Windows\\win.ini", "..\\..\\x", "a\0b", "x".repeat(5000), "", "/",
      "ok/../../..", "é".repeat(3000));

  /** Numbers that break naive readers. */
  static final List<String> HOSTILE_NUMBERS = List.of("-1", "2147483647", "-2147483648",
      "99999999999999999999", "1e999", "NaN", "0x10", "");

  private Mutations() {}

  /** One to three random byte-level mutations. */
  static byte[] mutate(byte[] in, SplittableRandom r) {
    byte[] b = in;
    int count = 1 + r.nextInt(3);
    for (int k = 0; k < count; k++) {
      b = switch (r.nextInt(6)) {
        case 0 -> flipBit(b, r);
        case 1 -> Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
        case 2 -> insert(b, r);
        case 3 -> delete(b, r);
        case 4 -> setInt(b, r);
        default -> overwrite(b, r);
      };
    }
    return b;
  }

  static byte[] flipBit(byte[] b, SplittableRandom r) {
    if (b.length == 0) {
      return b;
    }
    byte[] c = b.clone();
    c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
    return c;
  }

  static byte[] insert(byte[] b, SplittableRandom r) {
    int at = r.nextInt(b.length + 1);
    byte[] add = r.nextBoolean() ? new byte[] {(byte) r.nextInt(256)}
        : pick(HOSTILE_PATHS, r).getBytes(StandardCharsets.UTF_8);
    byte[] c = new byte[b.length + add.length];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(add, 0, c, at, add.length);
    System.arraycopy(b, at, c, at + add.length, b.length - at);
    return c;
  }

  static byte[] delete(byte[] b, SplittableRandom r) {
    if (b.length == 0) {
      return b;
    }
    int at = r.nextInt(b.length);
    int len = Math.min(b.length - at, 1 + r.nextInt(16));
    byte[] c = new byte[b.length - len];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(b, at + len, c, at, b.length - at - len);
    return c;
  }

  /** A little-endian int somewhere replaced by a huge, negative or small value. */
  static byte[] setInt(byte[] b, SplittableRandom r) {
    if (b.length < 4) {
      return b;
    }
    int[] values = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 30, 7, 0, 50_000_001};
    int v = values[r.nextInt(values.length)];
    int at = r.nextInt(b.length - 3) & ~(r.nextBoolean() ? 3 : 0);
    byte[] c = b.clone();
    for (int i = 0; i < 4; i++) {
      c[at + i] = (byte) (v >>> (8 * i));
    }
    return c;
  }

  static byte[] overwrite(byte[] b, SplittableRandom r) {
    if (b.length == 0) {
      return b;
    }
    byte[] c = b.clone();
    int at = r.nextInt(c.length);
    int len = Math.min(c.length - at, 1 + r.nextInt(8));
    for (int i = 0; i < len; i++) {
      c[at + i] = (byte) r.nextInt(256);
    }
    return c;
  }

  static <T> T pick(List<T> list, SplittableRandom r) {
    return list.get(r.nextInt(list.size()));
  }
}
