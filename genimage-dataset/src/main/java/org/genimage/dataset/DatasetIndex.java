package org.genimage.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.zip.CRC32;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Checks;
import org.genimage.api.Dataset;
import org.genimage.api.Generator;
import org.genimage.api.ImageLoader;
import org.genimage.api.Label;
import org.genimage.api.ReadLimits;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;

/**
 * A compact, immutable index of a collection's files: for each entry its folder, file name, label,
 * split, generator, ImageNet class and file size, held in primitive arrays with the folder names and
 * generators dictionary-encoded (about 40 bytes of heap per entry plus the file name's length), saved
 * to and reloaded from one binary file without touching the images.
 *
 * <p>It is a {@link Dataset}: {@link #samples()} is a list view that makes each {@link Sample} on
 * access (ids are the paths relative to {@link #root()} with '/'), and {@link #load(Sample)} decodes
 * with the index's {@link ImageLoader} (by default {@link ImageDecoder#standard()}).
 */
public final class DatasetIndex implements Dataset {
  private static final int MAGIC = 0x47494458; // "GIDX"
  private static final int VERSION = 1;
  private static final int NO_SPLIT = 3;
  private static final Split[] SPLITS = Split.values();
  /** Generator indices take bits 3-15 of an entry's metadata. */
  private static final int MAX_GENERATORS = 1 << 13;

  private final String name;
  private final Path root;
  private final List<Generator> generators;
  private final String[] dirs;
  private final int[] dir;
  /** Bits 0: label index; 1-2: split ordinal or 3 for none; 3-15: generator table index. */
  private final short[] meta;
  private final short[] cls;
  private final int[] size;
  private final int[] nameStart;
  private final byte[] names;
  private final ImageLoader loader;

  private DatasetIndex(String name, Path root, List<Generator> generators, String[] dirs, int[] dir,
      short[] meta, short[] cls, int[] size, int[] nameStart, byte[] names, ImageLoader loader) {
    this.name = name;
    this.root = root;
    this.generators = List.copyOf(generators);
    this.dirs = dirs;
    this.dir = dir;
    this.meta = meta;
    this.cls = cls;
    this.size = size;
    this.nameStart = nameStart;
    this.names = names;
    this.loader = loader;
  }

  /**
   * A builder for an index of files under {@code root}.
   *
   * @param name the dataset name for reports
   * @param root the folder entries' relative folders are resolved against
   * @return a new builder
   */
  public static Builder builder(String name, Path root) {
    return new Builder(name, root);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * The folder the entries live under.
   *
   * @return the root
   */
  public Path root() {
    return root;
  }

  @Override
  public int size() {
    return dir.length;
  }

  /**
   * The samples as a random-access list view; each access makes a new {@link Sample}.
   *
   * @return an unmodifiable list
   */
  @Override
  public List<Sample> samples() {
    return new SampleView();
  }

  private final class SampleView extends AbstractList<Sample> implements RandomAccess {
    @Override
    public Sample get(int i) {
      return sample(i);
    }

    @Override
    public int size() {
      return dir.length;
    }
  }

  @Override
  public RgbImage load(Sample sample) {
    return loader.load(sample);
  }

  /**
   * Entry {@code i} as a sample.
   *
   * @param i 0..size()-1
   * @return the sample
   */
  public Sample sample(int i) {
    String id = id(i);
    return new Sample(id, root.resolve(id), label(i), generator(i), imageNetClass(i));
  }

  /**
   * The id of entry {@code i}: its path relative to the root, '/'-separated.
   *
   * @param i the entry
   * @return the id
   */
  public String id(int i) {
    String d = dirs[dir[i]];
    String f = fileName(i);
    return d.isEmpty() ? f : d + "/" + f;
  }

  /**
   * The file name of entry {@code i}.
   *
   * @param i the entry
   * @return the name without folder
   */
  public String fileName(int i) {
    return new String(names, nameStart[i], nameStart[i + 1] - nameStart[i], StandardCharsets.UTF_8);
  }

  /**
   * The label of entry {@code i}.
   *
   * @param i the entry
   * @return real or fake
   */
  public Label label(int i) {
    return Label.fromIndex(meta[i] & 1);
  }

  /**
   * The split of entry {@code i}.
   *
   * @param i the entry
   * @return the split, or null when the collection has none
   */
  public Split split(int i) {
    int s = (meta[i] >> 1) & 3;
    return s == NO_SPLIT ? null : SPLITS[s];
  }

  /**
   * The generator of entry {@code i}.
   *
   * @param i the entry
   * @return the generator ({@link Generator#UNKNOWN} if not known)
   */
  public Generator generator(int i) {
    return generators.get((meta[i] & 0xFFFF) >>> 3);
  }

  /**
   * The ImageNet class of entry {@code i}.
   *
   * @param i the entry
   * @return 0..999 or {@link Sample#NO_CLASS}
   */
  public int imageNetClass(int i) {
    return cls[i];
  }

  /**
   * The file size recorded when the entry was indexed.
   *
   * @param i the entry
   * @return bytes (capped at {@link Integer#MAX_VALUE})
   */
  public int fileSize(int i) {
    return size[i];
  }

  /**
   * The generators entries refer to.
   *
   * @return an immutable list
   */
  public List<Generator> generators() {
    return generators;
  }

  /**
   * The entries that satisfy a condition on their index.
   *
   * @param newName the new index's name
   * @param keep which entry numbers to keep
   * @return a new index (the same root, generators and loader)
   */
  public DatasetIndex select(String newName, IntPredicate keep) {
    int n = 0;
    int[] picked = new int[size()];
    for (int i = 0; i < size(); i++) {
      if (keep.test(i)) {
        picked[n++] = i;
      }
    }
    return select(newName, Arrays.copyOf(picked, n));
  }

  /**
   * The given entries, in the given order.
   *
   * @param newName the new index's name
   * @param entries entry numbers
   * @return a new index
   */
  public DatasetIndex select(String newName, int[] entries) {
    Checks.notBlank("newName", newName);
    int n = entries.length;
    int[] d = new int[n];
    short[] m = new short[n];
    short[] c = new short[n];
    int[] s = new int[n];
    int[] starts = new int[n + 1];
    int total = 0;
    for (int k = 0; k < n; k++) {
      int i = entries[k];
      total += nameStart[i + 1] - nameStart[i];
    }
    byte[] nm = new byte[total];
    int pos = 0;
    for (int k = 0; k < n; k++) {
      int i = entries[k];
      d[k] = dir[i];
      m[k] = meta[i];
      c[k] = cls[i];
      s[k] = size[i];
      int len = nameStart[i + 1] - nameStart[i];
      System.arraycopy(names, nameStart[i], nm, pos, len);
      starts[k] = pos;
      pos += len;
    }
    starts[n] = pos;
    return new DatasetIndex(newName, root, generators, dirs, d, m, c, s, starts, nm, loader);
  }

  /**
   * The entries of one split.
   *
   * @param split the split
   * @return a new index named {@code <name>/<split>}
   */
  public DatasetIndex split(Split split) {
    Checks.notNull("split", split);
    return select(name + "/" + split.folder(), i -> split(i) == split);
  }

  /**
   * This index without the listed ids (an exclusion list written by {@link Verifier}).
   *
   * @param excludedIds ids to drop
   * @return a new index
   */
  public DatasetIndex excluding(Collection<String> excludedIds) {
    Set<String> set = excludedIds instanceof Set<String> s ? s : new HashSet<>(excludedIds);
    return select(name, i -> !set.contains(id(i)));
  }

  /**
   * This index with another loader (a checksum-verifying, re-encoding or in-memory one).
   *
   * @param newLoader the loader
   * @return a new index sharing the arrays
   */
  public DatasetIndex withLoader(ImageLoader newLoader) {
    Checks.notNull("newLoader", newLoader);
    return new DatasetIndex(name, root, generators, dirs, dir, meta, cls, size, nameStart, names,
        newLoader);
  }

  /**
   * This index re-rooted, for a collection that was moved or mounted elsewhere.
   *
   * @param newRoot the new root
   * @return a new index sharing the arrays
   */
  public DatasetIndex withRoot(Path newRoot) {
    Checks.notNull("newRoot", newRoot);
    return new DatasetIndex(name, newRoot, generators, dirs, dir, meta, cls, size, nameStart, names,
        loader);
  }

  // ---------------------------------------------------------------- persistence

  /**
   * Saves the index to one binary file (little-endian arrays after a small header, CRC-32 at the end).
   *
   * @param file the file to write (replaced if present)
   * @throws BadDatasetLayoutException naming the file if it cannot be written
   */
  public void save(Path file) {
    Checks.notNull("file", file);
    try {
      ByteBuffer header = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      List<byte[]> strings = new ArrayList<>();
      strings.add(utf8(root.toString()));
      strings.add(utf8(name));
      for (Generator g : generators) {
        for (String s : new String[] {g.id(), g.displayName(), g.shortName(), g.family().name(),
            Integer.toString(g.nativeSize()), g.releaseFolder(), g.subsetFolder(), g.fileTag()}) {
          strings.add(utf8(s));
        }
      }
      for (String d : dirs) {
        strings.add(utf8(d));
      }
      int stringBytes = 0;
      for (byte[] s : strings) {
        stringBytes += 4 + s.length;
      }
      int n = size();
      long total = 4L * 6 + stringBytes + 4L * n + 2L * n + 2L * n + 4L * n + 4L * (n + 1)
          + names.length + 8;
      if (total > Integer.MAX_VALUE - 64) {
        throw new BadDatasetLayoutException(file, "index too large for one file: " + total + " bytes");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
      buf.putInt(MAGIC).putInt(VERSION).putInt(generators.size()).putInt(dirs.length).putInt(n)
          .putInt(names.length);
      for (byte[] s : strings) {
        buf.putInt(s.length).put(s);
      }
      buf.asIntBuffer().put(dir);
      buf.position(buf.position() + 4 * n);
      buf.asShortBuffer().put(meta);
      buf.position(buf.position() + 2 * n);
      buf.asShortBuffer().put(cls);
      buf.position(buf.position() + 2 * n);
      buf.asIntBuffer().put(size);
      buf.position(buf.position() + 4 * n);
      buf.asIntBuffer().put(nameStart);
      buf.position(buf.position() + 4 * (n + 1));
      buf.put(names);
      CRC32 crc = new CRC32();
      crc.update(buf.array(), 0, buf.position());
      buf.putLong(crc.getValue());
      header.clear();
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        buf.flip();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new BadDatasetLayoutException(file, "cannot write the index", e);
    }
  }

  /**
   * Reloads a saved index without touching the images; its loader is
   * {@link ImageDecoder#standard()}. Every folder must resolve inside the index's root
   * ({@link PathPolicy#CONFINED}).
   *
   * @param file the index file
   * @return the index
   * @throws BadDatasetLayoutException naming the file if it is missing, not an index, of another
   *     version, truncated or corrupt (checksum mismatch), or if any field is out of range (see
   *     {@link #load(Path, PathPolicy)})
   */
  public static DatasetIndex load(Path file) {
    return load(file, PathPolicy.CONFINED);
  }

  /**
   * Reloads a saved index, checking every field before it is trusted: a CRC catches accidents, not
   * tampering. The counts are checked against {@link ReadLimits#MAX_DATASET_ENTRIES} and against the
   * file's real length before anything is allocated; every entry's folder index, name offsets,
   * generator index, split bits and ImageNet class must be in range; folder and file names must be
   * at most {@link ReadLimits#MAX_PATH_CHARS} characters without NUL, file names non-empty without a
   * separator, and under {@link PathPolicy#CONFINED} folders must be relative without a {@code ..}
   * segment, so no sample path leaves {@link #root()}. The root is itself read from the file: for
   * an index made by someone else, re-root it at the folder you trust with {@link #withRoot(Path)}.
   *
   * @param file the index file
   * @param policy whether folders may point outside the root ({@link PathPolicy#ALLOW_OUTSIDE_ROOT}
   *     only for an index the caller trusts)
   * @return the index
   * @throws BadDatasetLayoutException naming the file and the field at fault (for example
   *     {@code index.gidx: entry 12: folder index 7 >= 3 folders})
   */
  public static DatasetIndex load(Path file, PathPolicy policy) {
    Checks.notNull("file", file);
    Checks.notNull("policy", policy);
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
    return new IndexReader(file, buf, policy).read();
  }

  /** Bytes before the strings: magic, version and the four counts. */
  private static final int HEADER_BYTES = 24;

  /**
   * Reads and validates one index file's bytes; every failure names the file and the field, and no
   * array is allocated before its length is checked against the bytes actually present.
   */
  private static final class IndexReader {
    private final Path file;
    private final ByteBuffer buf;
    private final PathPolicy policy;
    /** Where the CRC starts: nothing past it belongs to the structure. */
    private final int end;

    IndexReader(Path file, ByteBuffer buf, PathPolicy policy) {
      this.file = file;
      this.buf = buf;
      this.policy = policy;
      this.end = buf.limit() - 8;
    }

    DatasetIndex read() {
      if (buf.getInt() != MAGIC) {
        throw fail("not a genimage index file (bad magic)");
      }
      int version = buf.getInt();
      if (version != VERSION) {
        throw fail("index version " + version + ", expected " + VERSION);
      }
      CRC32 crc = new CRC32();
      crc.update(buf.array(), 0, end);
      if (crc.getValue() != buf.getLong(end)) {
        throw fail("index file corrupt (checksum mismatch)");
      }
      int nGen = count("generator count", MAX_GENERATORS);
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
          throw fail("folder " + d + " \"" + shorten(folder) + "\" " + problem
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
        if (s != NO_SPLIT && s >= SPLITS.length) {
          throw fail("entry " + i + ": split bits " + s + " name no split (0.." + (SPLITS.length - 1)
              + " or " + NO_SPLIT + " for none)");
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
        throw fail(field + ": family \"" + shorten(familyText) + "\" is not one of "
            + Arrays.toString(Generator.Family.values()));
      }
      int nativeSize;
      try {
        nativeSize = Integer.parseInt(sizeText);
      } catch (NumberFormatException e) {
        throw fail(field + ": native size \"" + shorten(sizeText) + "\" is not an integer");
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

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private static Generator canonical(Generator g) {
    for (Generator known : Generator.genImage()) {
      if (known.equals(g)) {
        return known;
      }
    }
    return g.equals(Generator.UNKNOWN) ? Generator.UNKNOWN : g;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(ByteBuffer buf) {
    int len = buf.getInt();
    String s = new String(buf.array(), buf.position(), len, StandardCharsets.UTF_8);
    buf.position(buf.position() + len);
    return s;
  }

  @Override
  public String toString() {
    return "DatasetIndex[" + name + ", " + size() + " entries, root " + root + "]";
  }

  /** Collects entries; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Path root;
    private final List<Generator> generators = new ArrayList<>();
    private final Map<Generator, Integer> generatorIds = new HashMap<>();
    private final List<String> dirs = new ArrayList<>();
    private final Map<String, Integer> dirIds = new HashMap<>();
    private int[] dir = new int[1024];
    private short[] meta = new short[1024];
    private short[] cls = new short[1024];
    private int[] size = new int[1024];
    private int[] nameStart = new int[1025];
    private byte[] names = new byte[32 * 1024];
    private int n;
    private int namePos;
    private ImageLoader loader = ImageDecoder.standard();
    private PathPolicy pathPolicy = PathPolicy.CONFINED;

    private Builder(String name, Path root) {
      this.name = Checks.notBlank("name", name);
      this.root = Checks.notNull("root", root);
    }

    /**
     * Sets the loader the built index decodes with.
     *
     * @param value the loader (default {@link ImageDecoder#standard()})
     * @return this builder
     */
    public Builder loader(ImageLoader value) {
      this.loader = Checks.notNull("loader", value);
      return this;
    }

    /**
     * Sets whether entries' folders may lie outside the root. The built index saves and reloads
     * only with the same policy given to {@link DatasetIndex#load(Path, PathPolicy)}.
     *
     * @param value {@link PathPolicy#CONFINED} (default) or {@link PathPolicy#ALLOW_OUTSIDE_ROOT}
     * @return this builder
     */
    public Builder pathPolicy(PathPolicy value) {
      this.pathPolicy = Checks.notNull("pathPolicy", value);
      return this;
    }

    /**
     * Adds an entry.
     *
     * @param folder the folder relative to the root, '/'-separated, "" for the root itself; under the
     *     default {@link PathPolicy#CONFINED} without a {@code ..} segment, not absolute
     * @param fileName the file name
     * @param label real or fake
     * @param split the split, or null
     * @param generator the generator
     * @param imageNetClass 0..999 or {@link Sample#NO_CLASS}
     * @param fileSize the size in bytes (capped at {@link Integer#MAX_VALUE})
     * @return this builder
     * @throws BadArgumentException for a folder or file name {@link #load(Path, PathPolicy)} would
     *     refuse
     */
    public Builder add(String folder, String fileName, Label label, Split split, Generator generator,
        int imageNetClass, long fileSize) {
      Checks.notNull("folder", folder);
      Checks.notBlank("fileName", fileName);
      String problem = folder.isEmpty() ? null : RelativePaths.problem(folder, pathPolicy);
      if (problem != null) {
        throw new BadArgumentException("folder", "\"" + shorten(folder) + "\" " + problem
            + (pathPolicy == PathPolicy.CONFINED ? "; use pathPolicy(ALLOW_OUTSIDE_ROOT) to allow"
                + " folders outside the root" : ""));
      }
      problem = RelativePaths.nameProblem(fileName);
      if (problem != null) {
        throw new BadArgumentException("fileName", "\"" + shorten(fileName) + "\" " + problem);
      }
      Checks.notNull("label", label);
      Checks.notNull("generator", generator);
      if (imageNetClass != Sample.NO_CLASS) {
        Checks.inRange("imageNetClass", imageNetClass, 0, 999);
      }
      Integer g = generatorIds.get(generator);
      if (g == null) {
        if (generators.size() >= MAX_GENERATORS) {
          throw new BadArgumentException("generator", generator.id(),
              "at most 8192 distinct generators per index");
        }
        g = generators.size();
        generators.add(generator);
        generatorIds.put(generator, g);
      }
      Integer d = dirIds.get(folder);
      if (d == null) {
        d = dirs.size();
        dirs.add(folder);
        dirIds.put(folder, d);
      }
      if (n == dir.length) {
        int cap = n * 2;
        dir = Arrays.copyOf(dir, cap);
        meta = Arrays.copyOf(meta, cap);
        cls = Arrays.copyOf(cls, cap);
        size = Arrays.copyOf(size, cap);
        nameStart = Arrays.copyOf(nameStart, cap + 1);
      }
      byte[] nb = fileName.getBytes(StandardCharsets.UTF_8);
      if (namePos + nb.length > names.length) {
        names = Arrays.copyOf(names, Math.max(names.length * 2, namePos + nb.length));
      }
      System.arraycopy(nb, 0, names, namePos, nb.length);
      nameStart[n] = namePos;
      namePos += nb.length;
      dir[n] = d;
      meta[n] = (short) (label.index() | (split == null ? NO_SPLIT : split.ordinal()) << 1 | g << 3);
      cls[n] = (short) imageNetClass;
      size[n] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, fileSize));
      n++;
      nameStart[n] = namePos;
      return this;
    }

    /**
     * The number of entries added so far.
     *
     * @return the count
     */
    public int size() {
      return n;
    }

    /**
     * Builds the index (trimmed copies of the arrays; the builder can go on).
     *
     * @return the index
     */
    public DatasetIndex build() {
      return new DatasetIndex(name, root, generators, dirs.toArray(String[]::new),
          Arrays.copyOf(dir, n), Arrays.copyOf(meta, n), Arrays.copyOf(cls, n),
          Arrays.copyOf(size, n), Arrays.copyOf(nameStart, n + 1), Arrays.copyOf(names, namePos),
          loader);
    }
  }
}
