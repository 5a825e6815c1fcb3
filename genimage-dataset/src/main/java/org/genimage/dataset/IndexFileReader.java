package org.genimage.dataset;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Generator;
import org.genimage.api.ReadLimits;
import org.genimage.api.Sample;

/**
 * Reads and validates one index file's bytes (see {@link IndexFile} for the layout); every failure
 * names the file and the field, and no array is allocated before its length is checked against the
 * bytes actually present. A CRC catches accidents, not tampering, so every field is checked.
 */
final class IndexFileReader {
  private final Path file;
  private final ByteBuffer buf;
  private final PathPolicy policy;
  /** Where the CRC starts: nothing past it belongs to the structure. */
  private final int end;

  IndexFileReader(Path file, ByteBuffer buf, PathPolicy policy) {
    this.file = file;
    this.buf = buf;
    this.policy = policy;
    this.end = buf.limit() - 8;
  }

  DatasetIndex read() {
    if (buf.getInt() != IndexFile.MAGIC) {
      throw fail("not a genimage index file (bad magic)");
    }
    int version = buf.getInt();
    if (version != IndexFile.VERSION) {
      throw fail("index version " + version + ", expected " + IndexFile.VERSION);
    }
    CRC32 crc = new CRC32();
    crc.update(buf.array(), 0, end);
    if (crc.getValue() != buf.getLong(end)) {
      throw fail("index file corrupt (checksum mismatch)");
    }
    int nGen = count("generator count", DatasetIndex.MAX_GENERATORS);
    int nDirs = count("folder count", ReadLimits.MAX_DATASET_ENTRIES);
    int n = count("entry count", ReadLimits.MAX_DATASET_ENTRIES);
    int nameBytes = count("file-name bytes", Integer.MAX_VALUE);
    String rootText = string("root");
    String pathProblem = rootText.isEmpty() ? "is empty" : RelativePaths.problem(rootText,
        PathPolicy.ALLOW_OUTSIDE_ROOT);
    if (pathProblem != null) {
      throw fail("root " + pathProblem);
    }
    Path root;
    try {
      root = Path.of(rootText);
    } catch (InvalidPathException e) {
      throw fail("root \"" + rootText + "\" is not a path here: " + e.getReason());
    }
    String name = string("name");
    if (name.isBlank()) {
      throw fail("name is blank");
    }
    // Each generator takes 8 strings of at least 4 bytes, each folder one: cheap bounds first.
    need("generators", 32L * nGen);
    List<Generator> gens = new ArrayList<>(nGen);
    for (int g = 0; g < nGen; g++) {
      gens.add(generator(g));
    }
    need("folders", 4L * nDirs);
    String[] dirs = new String[nDirs];
    for (int d = 0; d < nDirs; d++) {
      String folder = string("folder " + d);
      String problem = folder.isEmpty() ? null : RelativePaths.problem(folder, policy);
      if (problem != null) {
        throw fail("folder " + d + " \"" + RelativePaths.shorten(folder) + "\" " + problem
            + (policy == PathPolicy.CONFINED ? " (a sample path must stay inside the root)" : ""));
      }
      dirs[d] = folder;
    }
    long arrays = 16L * n + 4 + nameBytes;
    if (arrays != end - buf.position()) {
      throw fail(n + " entries with " + nameBytes + " name bytes need " + arrays
          + " bytes after the folders, the file has " + (end - buf.position()));
    }
    int[] dir = new int[n];
    buf.asIntBuffer().get(dir);
    buf.position(buf.position() + 4 * n);
    short[] meta = new short[n];
    buf.asShortBuffer().get(meta);
    buf.position(buf.position() + 2 * n);
    short[] cls = new short[n];
    buf.asShortBuffer().get(cls);
    buf.position(buf.position() + 2 * n);
    int[] size = new int[n];
    buf.asIntBuffer().get(size);
    buf.position(buf.position() + 4 * n);
    int[] starts = new int[n + 1];
    buf.asIntBuffer().get(starts);
    buf.position(buf.position() + 4 * (n + 1));
    byte[] names = new byte[nameBytes];
    buf.get(names);
    if (starts[0] != 0) {
      throw fail("entry 0: name offset " + starts[0] + " != 0");
    }
    if (starts[n] != nameBytes) {
      throw fail("name offsets end at " + starts[n] + ", the names have " + nameBytes + " bytes");
    }
    for (int i = 0; i < n; i++) {
      if (dir[i] < 0 || dir[i] >= nDirs) {
        throw fail("entry " + i + ": folder index " + dir[i] + (dir[i] < 0 ? " < 0" : " >= "
            + nDirs + " folders"));
      }
      int s = (meta[i] >> 1) & 3;
      if (s != DatasetIndex.NO_SPLIT && s >= DatasetIndex.SPLITS.length) {
        throw fail("entry " + i + ": split bits " + s + " name no split (0.." + (DatasetIndex.SPLITS.length - 1)
            + " or " + DatasetIndex.NO_SPLIT + " for none)");
      }
      int g = (meta[i] & 0xFFFF) >>> 3;
      if (g >= nGen) {
        throw fail("entry " + i + ": generator index " + g + " >= " + nGen + " generators");
      }
      if (cls[i] != Sample.NO_CLASS && (cls[i] < 0 || cls[i] > 999)) {
        throw fail("entry " + i + ": ImageNet class " + cls[i] + " is not 0..999 or "
            + Sample.NO_CLASS);
      }
      if (size[i] < 0) {
        throw fail("entry " + i + ": file size " + size[i] + " < 0");
      }
      int from = starts[i];
      int to = starts[i + 1];
      if (to < from || to > nameBytes) {
        throw fail("entry " + i + ": name offsets " + from + ".." + to + " outside 0.."
            + nameBytes + " or decreasing");
      }
      String problem = nameProblem(names, from, to);
      if (problem != null) {
        throw fail("entry " + i + ": file name " + problem);
      }
    }
    return new DatasetIndex(name, root, gens, dirs, dir, meta, cls, size, starts, names,
        ImageDecoder.standard());
  }

  private Generator generator(int g) {
    String field = "generator " + g;
    String id = string(field + " id");
    String display = string(field + " display name");
    String shortName = string(field + " short name");
    String familyText = string(field + " family");
    String sizeText = string(field + " native size");
    String releaseFolder = string(field + " release folder");
    String subsetFolder = string(field + " subset folder");
    String fileTag = string(field + " file tag");
    Generator.Family family = null;
    for (Generator.Family f : Generator.Family.values()) {
      if (f.name().equals(familyText)) {
        family = f;
      }
    }
    if (family == null) {
      throw fail(field + ": family \"" + RelativePaths.shorten(familyText) + "\" is not one of "
          + Arrays.toString(Generator.Family.values()));
    }
    int nativeSize;
    try {
      nativeSize = Integer.parseInt(sizeText);
    } catch (NumberFormatException e) {
      throw fail(field + ": native size \"" + RelativePaths.shorten(sizeText) + "\" is not an integer");
    }
    try {
      return canonical(new Generator(id, display, shortName, family, nativeSize, releaseFolder,
          subsetFolder, fileTag));
    } catch (BadArgumentException e) {
      throw new BadDatasetLayoutException(file, field + ": " + e.getMessage(), e);
    }
  }

  /** A count from the header: non-negative and at most {@code max}. */
  private int count(String field, int max) {
    int v = buf.getInt();
    if (v < 0 || v > max) {
      throw fail(field + " " + v + " is not 0.." + max);
    }
    return v;
  }

  /** A length-prefixed UTF-8 string, bounded by the bytes left and the path limit. */
  private String string(String field) {
    if (end - buf.position() < 4) {
      throw fail(field + ": the file ends before it (truncated)");
    }
    int len = buf.getInt();
    // UTF-8 takes at most 4 bytes a character, so a longer string cannot pass the character limit.
    long max = 4L * ReadLimits.MAX_PATH_CHARS;
    if (len < 0 || len > max || len > end - buf.position()) {
      throw fail(field + ": length " + len + " is not 0.." + Math.min(max, end - buf.position()));
    }
    String s = new String(buf.array(), buf.position(), len, StandardCharsets.UTF_8);
    buf.position(buf.position() + len);
    if (s.length() > ReadLimits.MAX_PATH_CHARS) {
      throw fail(field + ": " + s.length() + " characters, more than "
          + ReadLimits.MAX_PATH_CHARS);
    }
    return s;
  }

  private void need(String what, long bytes) {
    if (bytes > end - buf.position()) {
      throw fail(what + " need at least " + bytes + " bytes, the file has "
          + (end - buf.position()) + " left");
    }
  }

  private BadDatasetLayoutException fail(String problem) {
    return new BadDatasetLayoutException(file, problem);
  }

  /**
   * What is wrong with a stored file name, checked on the UTF-8 bytes so that reloading millions of
   * entries does not decode them: ASCII bytes never occur inside a multi-byte sequence.
   */
  private static String nameProblem(byte[] names, int from, int to) {
    if (from == to) {
      return "is empty";
    }
    int chars = 0;
    for (int k = from; k < to; k++) {
      byte b = names[k];
      if (b == '/' || b == '\\' || b == 0) {
        return "contains " + (b == 0 ? "a NUL character" : "'" + (char) b + "'");
      }
      if ((b & 0xC0) != 0x80) {
        chars++;
      }
    }
    if (chars > ReadLimits.MAX_PATH_CHARS) {
      return "is " + chars + " characters long, more than " + ReadLimits.MAX_PATH_CHARS;
    }
    if (names[from] == '.' && (to - from == 1 || to - from == 2 && names[from + 1] == '.')) {
      return "is '" + new String(names, from, to - from, StandardCharsets.UTF_8) + "'";
    }
    return null;
  }

  private static Generator canonical(Generator g) {
    for (Generator known : Generator.genImage()) {
      if (known.equals(g)) {
        return known;
      }
    }
    return g.equals(Generator.UNKNOWN) ? Generator.UNKNOWN : g;
  }
}
