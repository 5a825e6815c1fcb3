package org.genimage.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.genimage.api.BadArgumentException;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Dataset;
import org.genimage.api.Generator;
import org.genimage.api.ImageLoader;
import org.genimage.api.Label;
import org.genimage.api.ReadLimits;
import org.genimage.api.RgbImage;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

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
  /** The split bits of an entry without a split. */
  static final int NO_SPLIT = 3;
  /** Split ordinals as stored in the split bits. */
  static final Split[] SPLITS = Split.values();
  /** Generator indices take bits 3-15 of an entry's metadata. */
  static final int MAX_GENERATORS = 1 << 13;

  final String name;
  final Path root;
  final List<Generator> generators;
  final String[] dirs;
  final int[] dir;
  /** Bits 0: label index; 1-2: split ordinal or 3 for none; 3-15: generator table index. */
  final short[] meta;
  final short[] cls;
  final int[] size;
  final int[] nameStart;
  final byte[] names;
  private final ImageLoader loader;

  DatasetIndex(String name, Path root, List<Generator> generators, String[] dirs, int[] dir,
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
    IndexFile.write(this, file);
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
    return IndexFile.read(file, policy);
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
        throw new BadArgumentException("folder", "\"" + RelativePaths.shorten(folder) + "\" " + problem
            + (pathPolicy == PathPolicy.CONFINED ? "; use pathPolicy(ALLOW_OUTSIDE_ROOT) to allow"
                + " folders outside the root" : ""));
      }
      problem = RelativePaths.nameProblem(fileName);
      if (problem != null) {
        throw new BadArgumentException("fileName", "\"" + RelativePaths.shorten(fileName) + "\" " + problem);
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
