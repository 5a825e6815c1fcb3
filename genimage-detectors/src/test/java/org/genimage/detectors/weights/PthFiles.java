package org.genimage.detectors.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes checkpoints by hand for the tests: a protocol-2 pickle assembled opcode by opcode, in the zip layout
 * torch.save uses ({@code <folder>/data.pkl}, {@code <folder>/data/<key>}, optionally {@code byteorder}), so a
 * test can make exactly the malicious or malformed file it needs.
 */
final class PthFiles {
  private PthFiles() {}

  /** A protocol-2 pickle being assembled. */
  static final class Pickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pickle() {
      raw(0x80, 2);
    }

    Pickle raw(int... bytes) {
      for (int b : bytes) {
        out.write(b);
      }
      return this;
    }

    /** GLOBAL: pushes {@code module.name}. */
    Pickle global(String module, String name) {
      return raw('c').text(module + "\n" + name + "\n");
    }

    /** SHORT_BINUNICODE-free BINUNICODE string. */
    Pickle str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      raw('X', b.length & 0xFF, (b.length >> 8) & 0xFF, (b.length >> 16) & 0xFF, b.length >>> 24);
      out.writeBytes(b);
      return this;
    }

    /** BININT. */
    Pickle integer(int v) {
      return raw('J', v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >>> 24);
    }

    Pickle mark() {
      return raw('(');
    }

    Pickle tuple() {
      return raw('t');
    }

    Pickle emptyDict() {
      return raw('}');
    }

    Pickle setItem() {
      return raw('s');
    }

    Pickle reduce() {
      return raw('R');
    }

    Pickle stop() {
      return raw('.');
    }

    /** A tuple of ints: MARK, BININT..., TUPLE. */
    Pickle ints(long... v) {
      mark();
      for (long x : v) {
        integer((int) x);
      }
      return tuple();
    }

    /**
     * {@code _rebuild_tensor_v2(storage(type, key, numel), offset, size, stride, False, OrderedDict())}: pushes
     * one tensor.
     */
    Pickle tensor(String storageType, String key, long numel, long offset, long[] size, long[] stride) {
      global("torch._utils", "_rebuild_tensor_v2").mark();
      mark().str("storage").global("torch", storageType).str(key).str("cpu").integer((int) numel).tuple()
          .raw('Q');
      integer((int) offset).ints(size).ints(stride).raw(0x89);
      global("collections", "OrderedDict").raw(')').reduce();
      return tuple().reduce();
    }

    Pickle text(String s) {
      out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  /**
   * Writes a zip checkpoint.
   *
   * @param file      destination
   * @param folder    the top folder name
   * @param pickle    data.pkl
   * @param storages  key to raw bytes
   * @param byteorder the byteorder record, or null for none
   * @return the file
   */
  static Path zip(Path file, String folder, byte[] pickle, Map<String, byte[]> storages, String byteorder)
      throws IOException {
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(os)) {
      stored(z, folder + "/data.pkl", pickle);
      if (byteorder != null) {
        stored(z, folder + "/byteorder", byteorder.getBytes(StandardCharsets.US_ASCII));
      }
      for (Map.Entry<String, byte[]> e : storages.entrySet()) {
        stored(z, folder + "/data/" + e.getKey(), e.getValue());
      }
      stored(z, folder + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
    return file;
  }

  private static void stored(ZipOutputStream z, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    z.putNextEntry(e);
    z.write(data);
    z.closeEntry();
  }
}
