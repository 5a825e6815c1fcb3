package org.genimage.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Generator;

/**
 * The binary file a {@link DatasetIndex} is saved to, version 1, little-endian: a header of six ints
 * (magic "GIDX", version, generator, folder and entry counts, file-name bytes), length-prefixed UTF-8
 * strings (root, name, eight per generator, one per folder), the entry arrays (folder index, meta,
 * class, size, name offsets with one more at the end), the file-name bytes, and a CRC-32 of all that
 * as a long. Existing files must keep loading: {@code DatasetIndexFormatTest} holds one written
 * before this class was split out of {@link DatasetIndex}.
 */
final class IndexFile {
  static final int MAGIC = 0x47494458; // "GIDX"
  static final int VERSION = 1;
  /** Bytes before the strings: magic, version and the four counts. */
  static final int HEADER_BYTES = 24;

  private IndexFile() {}

  /**
   * Writes an index through a temporary sibling, so a reader never sees half a file.
   *
   * @param index the index
   * @param file the file to write (replaced if present)
   * @throws BadDatasetLayoutException naming the file if it cannot be written
   */
  static void write(DatasetIndex index, Path file) {
    try {
      List<byte[]> strings = new ArrayList<>();
      strings.add(utf8(index.root.toString()));
      strings.add(utf8(index.name));
      for (Generator g : index.generators) {
        for (String s : new String[] {g.id(), g.displayName(), g.shortName(), g.family().name(),
            Integer.toString(g.nativeSize()), g.releaseFolder(), g.subsetFolder(), g.fileTag()}) {
          strings.add(utf8(s));
        }
      }
      for (String d : index.dirs) {
        strings.add(utf8(d));
      }
      int stringBytes = 0;
      for (byte[] s : strings) {
        stringBytes += 4 + s.length;
      }
      int n = index.size();
      long total = 4L * 6 + stringBytes + 4L * n + 2L * n + 2L * n + 4L * n + 4L * (n + 1)
          + index.names.length + 8;
      if (total > Integer.MAX_VALUE - 64) {
        throw new BadDatasetLayoutException(file, "index too large for one file: " + total + " bytes");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
      buf.putInt(MAGIC).putInt(VERSION).putInt(index.generators.size()).putInt(index.dirs.length)
          .putInt(n).putInt(index.names.length);
      for (byte[] s : strings) {
        buf.putInt(s.length).put(s);
      }
      buf.asIntBuffer().put(index.dir);
      buf.position(buf.position() + 4 * n);
      buf.asShortBuffer().put(index.meta);
      buf.position(buf.position() + 2 * n);
      buf.asShortBuffer().put(index.cls);
      buf.position(buf.position() + 2 * n);
      buf.asIntBuffer().put(index.size);
      buf.position(buf.position() + 4 * n);
      buf.asIntBuffer().put(index.nameStart);
      buf.position(buf.position() + 4 * (n + 1));
      buf.put(index.names);
      CRC32 crc = new CRC32();
      crc.update(buf.array(), 0, buf.position());
      buf.putLong(crc.getValue());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        buf.flip();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new BadDatasetLayoutException(file, "cannot write the index", e);
    }
  }

  /**
   * Reads a whole index file and hands its bytes to the validating {@link IndexFileReader}.
   *
   * @param file the index file
   * @param policy whether folders may point outside the root
   * @return the index
   * @throws BadDatasetLayoutException naming the file and the problem
   */
  static DatasetIndex read(Path file, PathPolicy policy) {
    ByteBuffer buf;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long len = ch.size();
      if (len < HEADER_BYTES + 8 || len > Integer.MAX_VALUE - 8) {
        throw new BadDatasetLayoutException(file, "not an index file (" + len + " bytes)");
      }
      buf = ByteBuffer.allocate((int) len);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // read fully
      }
      if (buf.hasRemaining()) {
        throw new BadDatasetLayoutException(file, "index file shrank while it was read");
      }
      buf.flip();
      buf.order(ByteOrder.LITTLE_ENDIAN);
    } catch (NoSuchFileException e) {
      throw new BadDatasetLayoutException(file, "index file not found", e);
    } catch (IOException e) {
      throw new BadDatasetLayoutException(file, "cannot read the index", e);
    }
    return new IndexFileReader(file, buf, policy).read();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
