package org.genimage.detectors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of a model file for fuzz tests: bit flips (in the header or in the weights), truncation,
 * 8-byte fields overwritten with huge or negative values, and hostile JSON (numbers replaced by huge, negative,
 * fractional or non-numeric values, deep nesting). The file is seen as {@code prefix | 8-byte length N | N bytes
 * JSON | data}, which covers safetensors ({@code prefix} empty) and genimage detector files ({@code prefix} the
 * magic and version); JSON mutations rewrite the length so the file stays parseable that far.
 */
public final class FileMutator {
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  private static final List<String> HOSTILE = List.of("-1", "0", "2147483647", "2147483648", "4096000",
      "9223372036854775807", "-9223372036854775808", "18446744073709551616", "1e400", "1.5", "-0.0",
      "\"7\"", "null", "[]", "{}", "true", "NaN", "[[[[[[[[[[1]]]]]]]]]]");

  private final byte[] original;
  private final int prefix;
  private final int jsonStart;
  private final int dataStart;

  /**
   * A mutator of one valid file.
   *
   * @param original the file's bytes
   * @param prefix   bytes before the 8-byte little-endian JSON length
   */
  public FileMutator(byte[] original, int prefix) {
    this.original = original.clone();
    this.prefix = prefix;
    this.jsonStart = prefix + 8;
    long n = ByteBuffer.wrap(original, prefix, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    this.dataStart = Math.toIntExact(jsonStart + n);
  }

  /** Where the data (weights) begin in the original file. */
  public int dataStart() {
    return dataStart;
  }

  /**
   * One mutation.
   *
   * @param bytes       the mutated file
   * @param description what was done, for failure messages
   * @param flipAt      the byte whose bit was flipped, or -1 for other mutations
   */
  public record Mutant(byte[] bytes, String description, int flipAt) {}

  /**
   * A mutation drawn from a seed.
   *
   * @param seed the seed
   * @return the mutant
   */
  public Mutant mutate(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] b = original.clone();
    switch (r.nextInt(7)) {
      case 0 -> {
        int pos = r.nextInt(dataStart);
        b[pos] ^= (byte) (1 << r.nextInt(8));
        return new Mutant(b, "bit flip in header at " + pos, pos);
      }
      case 1 -> {
        int pos = dataStart + r.nextInt(b.length - dataStart);
        b[pos] ^= (byte) (1 << r.nextInt(8));
        return new Mutant(b, "bit flip in data at " + pos, pos);
      }
      case 2 -> {
        int n = 1 + r.nextInt(16);
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < n; i++) {
          int pos = r.nextInt(b.length);
          b[pos] = (byte) r.nextInt(256);
          where.append(pos).append(' ');
        }
        return new Mutant(b, "random bytes at " + where, -1);
      }
      case 3 -> {
        int len = r.nextInt(b.length);
        return new Mutant(Arrays.copyOf(b, len), "truncated to " + len, -1);
      }
      case 4 -> {
        long[] values = {Long.MAX_VALUE, Long.MIN_VALUE, -1, -8, 1L << 31, 1L << 32, 1L << 62, 0,
            b.length, b.length + 1L};
        long v = values[r.nextInt(values.length)];
        int pos = r.nextBoolean() ? prefix : r.nextInt(b.length - 8);
        ByteBuffer.wrap(b, pos, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
        return new Mutant(b, "8 bytes at " + pos + " set to " + v, -1);
      }
      case 5 -> {
        String json = json();
        Matcher m = NUMBER.matcher(json);
        List<int[]> spans = new java.util.ArrayList<>();
        while (m.find()) {
          spans.add(new int[] {m.start(), m.end()});
        }
        int[] s = spans.get(r.nextInt(spans.size()));
        String v = HOSTILE.get(r.nextInt(HOSTILE.size()));
        return new Mutant(withJson(json.substring(0, s[0]) + v + json.substring(s[1])),
            "JSON number '" + json.substring(s[0], s[1]) + "' at " + s[0] + " replaced by " + v, -1);
      }
      default -> {
        String json = json();
        String v = r.nextBoolean() ? "[".repeat(5000) + "]".repeat(5000) : "{\"a\":".repeat(3000) + "1"
            + "}".repeat(3000);
        int cut = json.lastIndexOf('}');
        String mutated = r.nextBoolean() ? v : json.substring(0, cut) + ",\"deep\":" + v + json.substring(cut);
        return new Mutant(withJson(mutated), "deeply nested JSON", -1);
      }
    }
  }

  private String json() {
    return new String(original, jsonStart, dataStart - jsonStart, StandardCharsets.UTF_8);
  }

  private byte[] withJson(String json) {
    byte[] j = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(jsonStart + j.length + original.length - dataStart)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.put(original, 0, prefix).putLong(j.length).put(j).put(original, dataStart, original.length - dataStart);
    return out.array();
  }
}
