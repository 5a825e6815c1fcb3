package org.genimage.dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * An index file taken apart into its fields and put back together, with the CRC computed the way
 * {@link DatasetIndex#save} does, so tests can build hostile structures that pass the checksum.
 * Written from the format description in {@code save}; {@code DatasetIndexValidationTest} checks that
 * it reproduces saved files byte for byte.
 */
final class IndexForge {
  int magic;
  int version;
  int nGen;
  int nDirs;
  int n;
  int nameBytes;
  String root;
  String name;
  /** Eight strings per generator, in the writer's order. */
  List<String> generatorStrings = new ArrayList<>();
  List<String> dirs = new ArrayList<>();
  int[] dir;
  short[] meta;
  short[] cls;
  int[] size;
  int[] starts;
  byte[] names;

  /** Parses a well-formed file (as saved). */
  static IndexForge parse(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    IndexForge f = new IndexForge();
    f.magic = b.getInt();
    f.version = b.getInt();
    f.nGen = b.getInt();
    f.nDirs = b.getInt();
    f.n = b.getInt();
    f.nameBytes = b.getInt();
    f.root = string(b);
    f.name = string(b);
    for (int i = 0; i < 8 * f.nGen; i++) {
      f.generatorStrings.add(string(b));
    }
    for (int i = 0; i < f.nDirs; i++) {
      f.dirs.add(string(b));
    }
    f.dir = new int[f.n];
    for (int i = 0; i < f.n; i++) {
      f.dir[i] = b.getInt();
    }
    f.meta = new short[f.n];
    for (int i = 0; i < f.n; i++) {
      f.meta[i] = b.getShort();
    }
    f.cls = new short[f.n];
    for (int i = 0; i < f.n; i++) {
      f.cls[i] = b.getShort();
    }
    f.size = new int[f.n];
    for (int i = 0; i < f.n; i++) {
      f.size[i] = b.getInt();
    }
    f.starts = new int[f.n + 1];
    for (int i = 0; i <= f.n; i++) {
      f.starts[i] = b.getInt();
    }
    f.names = new byte[f.nameBytes];
    b.get(f.names);
    return f;
  }

  /** The file: the fields as they are (counts not recomputed), then the CRC-32 as a long. */
  byte[] bytes() {
    List<byte[]> strings = new ArrayList<>();
    strings.add(root.getBytes(StandardCharsets.UTF_8));
    strings.add(name.getBytes(StandardCharsets.UTF_8));
    generatorStrings.forEach(s -> strings.add(s.getBytes(StandardCharsets.UTF_8)));
    dirs.forEach(s -> strings.add(s.getBytes(StandardCharsets.UTF_8)));
    int len = 24 + strings.stream().mapToInt(s -> 4 + s.length).sum() + 4 * dir.length
        + 2 * meta.length + 2 * cls.length + 4 * size.length + 4 * starts.length + names.length + 8;
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(magic).putInt(version).putInt(nGen).putInt(nDirs).putInt(n).putInt(nameBytes);
    strings.forEach(s -> b.putInt(s.length).put(s));
    Arrays.stream(dir).forEach(b::putInt);
    for (short s : meta) {
      b.putShort(s);
    }
    for (short s : cls) {
      b.putShort(s);
    }
    Arrays.stream(size).forEach(b::putInt);
    Arrays.stream(starts).forEach(b::putInt);
    b.put(names);
    return withCrc(b.array());
  }

  /** Rewrites the last 8 bytes with the CRC-32 of the rest, as the writer computes it. */
  static byte[] withCrc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(bytes.length - 8, crc.getValue());
    return bytes;
  }

  private static String string(ByteBuffer b) {
    byte[] s = new byte[b.getInt()];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }
}
