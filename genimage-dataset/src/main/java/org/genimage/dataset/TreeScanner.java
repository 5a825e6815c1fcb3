package org.genimage.dataset;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.Checks;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.Sample;

/**
 * Scans a folder tree once into a {@link DatasetIndex}. It understands:
 * <ul>
 *   <li>the GenImage release: {@code <outer>/<subset>/{train,val}/{ai,nature}/...} with the release's
 *       folder names matched case-insensitively ({@code stable_diffusion_v_1_4},
 *       {@code imagenet_ai_0419_sdv4}, ...), merged trees ({@code imagenet_ai/train/ai}) where a fake's
 *       generator comes from its file tag, and files bucketed in class sub-folders below
 *       {@code ai}/{@code nature} (the scan is recursive);
 *   <li>CNNDetection-style trees: {@code <generator or category>/{0_real,1_fake}/...}, with
 *       {@code train}/{@code val}/{@code test} folders where present.
 * </ul>
 * The label comes from the nearest {@code ai}/{@code 1_fake} or {@code nature}/{@code 0_real} folder
 * above a file, the split from a {@code train}/{@code val} folder above that, the generator from a
 * folder the user mapped ({@link Builder#mapFolder}), a release folder, or a fake's file tag, in that
 * order; the ImageNet class from the file name (see {@link FileNames}), a WordNet-id or 3-digit class
 * folder, or the val ground truth. Unknown folder names give {@link Generator#UNKNOWN} and are listed in
 * {@link Result#unknownFolders()}; unknown file names give {@link Sample#NO_CLASS}, and a generated file
 * left without a class or a generator that way is counted, per folder, in
 * {@link Result#unrecognisedNames()}.
 *
 * <p>Symbolic links are followed; a link loop, an unreadable folder, a subset with {@code ai} but no
 * {@code nature} folder (or the reverse), or a tree with no label folder at all is a layout problem:
 * under {@link BadInputPolicy#FAIL} a {@link BadDatasetLayoutException} naming the folder, under
 * {@link BadInputPolicy#SKIP} a recorded {@link Problem} (a tree with no label folder always throws).
 * Zero-byte files are indexed with size 0 and listed as problems, for {@link Verifier} to exclude.
 */
public final class TreeScanner {
  private final Map<String, Generator> folderMap;
  private final Map<String, Generator> tagMap;
  private final ImageNetClasses classes;
  private final ValGroundTruth valTruth;
  private final BadInputPolicy policy;
  private final String name;

  private TreeScanner(Builder b) {
    this.folderMap = Map.copyOf(b.folderMap);
    this.tagMap = Map.copyOf(b.tagMap);
    this.classes = b.classes;
    this.valTruth = b.valTruth;
    this.policy = b.policy;
    this.name = b.name;
  }

  /**
   * A builder with the defaults: the shipped ImageNet classes, no val ground truth, policy
   * {@link BadInputPolicy#SKIP}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What a scan found.
   *
   * @param index the indexed files, in sorted path order
   * @param problems the recorded problems (empty under {@link BadInputPolicy#FAIL}, which throws
   *     instead, except for zero-byte files, which are always only recorded)
   * @param unknownFolders folder names that were neither structural nor mapped to a generator, with
   *     how many files lay under each, for the user to map
   * @param ignoredFiles files that were not images or not under a label folder
   * @param unrecognisedNames per folder, in folder order, the generated files whose name follows none
   *     of the known patterns (see {@link FileNames}) or carries an unknown tag, and that nothing else
   *     (a generator or class folder, {@link Builder#mapFolder}, {@link Builder#mapFileTag}) made up
   *     for: they are indexed, but without an ImageNet class or a generator, so class-based protocols
   *     leave them out
   */
  public record Result(DatasetIndex index, List<Problem> problems, Map<String, Integer> unknownFolders,
      int ignoredFiles, List<UnrecognisedNames> unrecognisedNames) {
    /**
     * Copies the collections.
     *
     * @throws org.genimage.api.BadArgumentException if a component is null
     */
    public Result {
      Checks.notNull("index", index);
      problems = List.copyOf(problems);
      unknownFolders = Map.copyOf(unknownFolders);
      unrecognisedNames = List.copyOf(unrecognisedNames);
    }
  }

  /**
   * The generated files of one folder left without an ImageNet class or a generator because of their
   * names.
   *
   * @param folder the folder, relative to the scanned root, '/'-separated
   * @param count how many files of the folder are affected
   * @param withoutClass how many of them have no class ({@link Sample#NO_CLASS})
   * @param withoutGenerator how many of them have no generator ({@link Generator#UNKNOWN})
   * @param example the first affected file's name, in name order
   */
  public record UnrecognisedNames(String folder, int count, int withoutClass, int withoutGenerator,
      String example) {
    /**
     * Validates the components.
     *
     * @throws org.genimage.api.BadArgumentException if a component is null or a count is out of range
     */
    public UnrecognisedNames {
      Checks.notNull("folder", folder);
      Checks.positive("count", count);
      Checks.inRange("withoutClass", withoutClass, 0, count);
      Checks.inRange("withoutGenerator", withoutGenerator, 0, count);
      Checks.notNull("example", example);
    }

    /** One line for a report: the folder, the counts and the example. */
    @Override
    public String toString() {
      return folder + ": " + count + " generated file" + (count == 1 ? "" : "s")
          + " with a name following no known pattern (" + withoutClass + " without a class, "
          + withoutGenerator + " without a generator), e.g. " + example;
    }
  }

  /**
   * Scans a tree.
   *
   * @param root the folder to scan
   * @return the index and what was found wrong
   * @throws BadDatasetLayoutException naming the folder if it is missing, has no label folder, or
   *     (under {@link BadInputPolicy#FAIL}) has a layout problem
   */
  public Result scan(Path root) {
    Checks.notNull("root", root);
    if (!Files.isDirectory(root)) {
      throw new BadDatasetLayoutException(root, "not a folder (missing or not a directory)");
    }
    // The walk lists each folder and stats its entries on a small pool (the stats, one per entry,
    // are most of the cost: Java exposes no d_type), then the labelling runs once per folder rather
    // than once per file. Problems are kept as data and replayed afterwards in the order a
    // sequential depth-first walk meets them, so FAIL throws for the same folder as before.
    DirNode top;
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    try {
      top = pool.invoke(new DirTask(root, "", new String[0], new Ancestor(root, keyOf(root), null)));
    } finally {
      pool.shutdown();
    }
    List<DirNode> withFiles = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    int[] counts = new int[2]; // ignored, image files
    replay(top, withFiles, problems, counts, root);
    int ignored = counts[0];
    FileEntry[] found = sortedByPath(withFiles, counts[1]);
    DatasetIndex.Builder index = DatasetIndex.builder(name != null ? name
        : root.getFileName() == null ? "dataset" : root.getFileName().toString(), root);
    Map<String, Integer> unknown = new TreeMap<>();
    Map<String, NameTally> unrecognised = new TreeMap<>();
    // subset folder (path up to the split or label) -> which labels were seen
    Map<String, Set<Label>> labelsBySubset = new HashMap<>();
    int labelled = 0;
    for (FileEntry f : found) {
      DirInfo d = f.dir.info;
      if (d.label == null) {
        ignored++;
        continue;
      }
      labelled++;
      Generator generator = f.generator;
      if (generator == null) {
        generator = Generator.UNKNOWN;
        if (d.unknownName != null) {
          unknown.merge(d.unknownName, 1, Integer::sum);
        }
      }
      index.add(d.folder, f.name, d.label, d.split, generator, f.cls, f.size);
      if (d.label == Label.FAKE && (f.cls == Sample.NO_CLASS || f.generator == null)) {
        unrecognised.computeIfAbsent(d.folder, k -> new NameTally(f.name))
            .add(f.cls == Sample.NO_CLASS, f.generator == null);
      }
      if (!d.subsetSeen) {
        d.subsetSeen = true;
        labelsBySubset.computeIfAbsent(d.subsetKey, k -> EnumSet.noneOf(Label.class)).add(d.label);
      }
      if (f.size == 0) {
        problems.add(new Problem(root.resolve(f.rel), Problem.Kind.ZERO_BYTES, "zero-byte file"));
      }
    }
    if (labelled == 0) {
      throw new BadDatasetLayoutException(root, "no image under an ai/nature (or 1_fake/0_real) folder;"
          + " found " + counts[1] + " image files elsewhere");
    }
    for (Map.Entry<String, Set<Label>> e : new TreeMap<>(labelsBySubset).entrySet()) {
      if (e.getValue().size() == 1) {
        Label have = e.getValue().iterator().next();
        layoutProblem(problems, root.resolve(e.getKey()), "has " + have.releaseFolder()
            + " images but no " + have.opposite().releaseFolder() + " folder (or it is empty)", null);
      }
    }
    List<UnrecognisedNames> names = new ArrayList<>(unrecognised.size());
    unrecognised.forEach((folder, t) -> names.add(new UnrecognisedNames(folder, t.count,
        t.withoutClass, t.withoutGenerator, t.example)));
    return new Result(index.build(), problems, unknown, ignored, names);
  }

  /** Counts one folder's generated files left without a class or generator. */
  private static final class NameTally {
    final String example;
    int count;
    int withoutClass;
    int withoutGenerator;

    NameTally(String example) {
      this.example = example;
    }

    void add(boolean noClass, boolean noGenerator) {
      count++;
      withoutClass += noClass ? 1 : 0;
      withoutGenerator += noGenerator ? 1 : 0;
    }
  }

  /**
   * All files in path order. Each folder's files are already sorted by name; when the folders'
   * ranges do not interleave (a folder's files and its sub-folders' files can), ordering the
   * folders is enough, else a merge sort of the sorted runs.
   */
  private static FileEntry[] sortedByPath(List<DirNode> dirs, int total) {
    dirs.sort((a, b) -> a.files.get(0).rel.compareTo(b.files.get(0).rel));
    FileEntry[] all = new FileEntry[total];
    int at = 0;
    boolean ordered = true;
    for (int i = 0; i < dirs.size(); i++) {
      List<FileEntry> f = dirs.get(i).files;
      if (i > 0 && all[at - 1].rel.compareTo(f.get(0).rel) > 0) {
        ordered = false;
      }
      for (FileEntry e : f) {
        all[at++] = e;
      }
    }
    if (!ordered) {
      Arrays.sort(all, (a, b) -> a.dir == b.dir ? a.name.compareTo(b.name) : a.rel.compareTo(b.rel));
    }
    return all;
  }

  /** Flattens the walk in depth-first order, raising its problems as the sequential walk did. */
  private void replay(DirNode node, List<DirNode> withFiles, List<Problem> problems, int[] counts,
      Path root) {
    counts[0] += node.ignored;
    counts[1] += node.files.size();
    if (!node.files.isEmpty()) {
      withFiles.add(node);
    }
    for (Object item : node.items) {
      if (item instanceof DirNode child) {
        replay(child, withFiles, problems, counts, root);
      } else if (item instanceof WalkProblem p) {
        if (p.fatal) {
          throw new BadDatasetLayoutException(root, "cannot scan: " + p.cause, p.cause);
        }
        layoutProblem(problems, p.path, p.what, p.cause);
      }
    }
  }

  private static Object keyOf(Path dir) {
    try {
      return Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** The folders open above a folder, for link-loop detection (as {@code Files.walkFileTree}). */
  private record Ancestor(Path dir, Object key, Ancestor parent) {
    boolean wouldLoop(Path candidate, Object candidateKey) {
      for (Ancestor a = this; a != null; a = a.parent) {
        if (candidateKey != null && a.key != null) {
          if (candidateKey.equals(a.key)) {
            return true;
          }
        } else {
          try {
            if (Files.isSameFile(candidate, a.dir)) {
              return true;
            }
          } catch (IOException | SecurityException e) {
            // as the JDK's walker: an unreadable candidate is not a loop
          }
        }
      }
      return false;
    }
  }

  /** A layout problem met during the walk; {@code fatal} for a listing that broke off. */
  private record WalkProblem(Path path, String what, IOException cause, boolean fatal) {}

  /** An image file found by the walk. */
  private static final class FileEntry {
    final DirNode dir;
    final String name;
    final String rel;
    final long size;
    /** From the folders or the file's tag; null for unknown (set by the walk). */
    Generator generator;
    /** The ImageNet class, or {@link Sample#NO_CLASS} (set by the walk). */
    int cls;

    FileEntry(DirNode dir, String name, long size) {
      this.dir = dir;
      this.name = name;
      this.rel = dir.rel.isEmpty() ? name : dir.rel + "/" + name;
      this.size = size;
    }
  }

  /** One walked folder: its image files, and its problems and sub-folders in listing order. */
  private static final class DirNode {
    final String rel;
    final List<FileEntry> files = new ArrayList<>();
    final List<Object> items = new ArrayList<>();
    int ignored;
    DirInfo info;

    DirNode(String rel) {
      this.rel = rel;
    }
  }

  /** What a folder's path says about the files directly in it. */
  private static final class DirInfo {
    String folder;
    Label label;
    Split split;
    Generator generator;
    String unknownName;
    String subsetKey;
    int folderClass = -1;
    boolean subsetSeen;
  }

  private DirInfo infoOf(String rel, String[] parts) {
    DirInfo d = new DirInfo();
    d.folder = rel;
    int labelAt = -1;
    for (int i = parts.length - 1; i >= 0; i--) {
      Label l = labelFolder(parts[i]);
      if (l != null) {
        labelAt = i;
        d.label = l;
        break;
      }
    }
    if (d.label == null) {
      return d;
    }
    for (int i = 0; i < labelAt; i++) {
      Optional<Split> s = Split.fromFolder(parts[i]);
      if (s.isPresent()) {
        d.split = s.get();
        continue;
      }
      Generator g = generatorFolder(parts[i]);
      if (g != null) {
        d.generator = g;
      } else if (!parts[i].equalsIgnoreCase("imagenet_ai")) {
        d.unknownName = parts[i];
      }
    }
    d.subsetKey = String.join("/", Arrays.copyOf(parts, labelAt));
    // Class sub-folders below the label folder: a WordNet id, or a 1-3 digit class index; used when
    // the file name gives no class.
    int cls = -1;
    for (int i = parts.length - 1; cls < 0 && i > labelAt; i--) {
      String p = parts[i];
      if (FileNames.isWordNetId(p)) {
        cls = classes.indexOf(p);
      } else if (isClassNumber(p)) {
        cls = Integer.parseInt(p);
      }
    }
    d.folderClass = cls;
    return d;
  }

  private static boolean isClassNumber(String p) {
    if (p.isEmpty() || p.length() > 3) {
      return false;
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Lists one folder, stats its entries (in parallel chunks when many) and recurses. */
  private final class DirTask extends RecursiveTask<DirNode> {
    private static final int STAT_CHUNK = 512;
    private final Path dir;
    private final String rel;
    private final String[] parts;
    private final Ancestor ancestors;

    DirTask(Path dir, String rel, String[] parts, Ancestor ancestors) {
      this.dir = dir;
      this.rel = rel;
      this.parts = parts;
      this.ancestors = ancestors;
    }

    @Override
    protected DirNode compute() {
      DirNode node = new DirNode(rel);
      List<Path> entries = new ArrayList<>();
      DirectoryStream<Path> stream;
      try {
        stream = Files.newDirectoryStream(dir);
      } catch (IOException e) {
        node.items.add(new WalkProblem(dir, describe(e), e, false));
        return node;
      }
      // As the JDK's walker: a listing that breaks off, or fails to close, stops the whole scan.
      IOException broke = null;
      try {
        for (Path p : stream) {
          entries.add(p);
        }
      } catch (DirectoryIteratorException e) {
        broke = e.getCause();
      }
      try {
        stream.close();
      } catch (IOException e) {
        broke = broke != null ? broke : e;
      }
      int n = entries.size();
      BasicFileAttributes[] attrs = new BasicFileAttributes[n];
      IOException[] errors = new IOException[n];
      if (n > STAT_CHUNK) {
        List<StatTask> chunks = new ArrayList<>();
        for (int from = 0; from < n; from += STAT_CHUNK) {
          chunks.add(new StatTask(entries, attrs, errors, from, Math.min(n, from + STAT_CHUNK)));
        }
        invokeAll(chunks);
      } else {
        statRange(entries, attrs, errors, 0, n);
      }
      List<DirTask> children = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Path p = entries.get(i);
        BasicFileAttributes a = attrs[i];
        if (a == null) {
          node.items.add(new WalkProblem(p, describe(errors[i]), errors[i], false));
        } else if (a.isDirectory()) {
          if (ancestors.wouldLoop(p, a.fileKey())) {
            FileSystemLoopException loop = new FileSystemLoopException(p.toString());
            node.items.add(new WalkProblem(p, describe(loop), loop, false));
          } else {
            String childName = p.getFileName().toString();
            String[] childParts = Arrays.copyOf(parts, parts.length + 1);
            childParts[parts.length] = childName;
            DirTask t = new DirTask(p, rel.isEmpty() ? childName : rel + "/" + childName, childParts,
                new Ancestor(p, a.fileKey(), ancestors));
            children.add(t);
            node.items.add(t);
          }
        } else {
          String fileName = p.getFileName().toString();
          if (a.isRegularFile() && FileNames.isImage(fileName)) {
            node.files.add(new FileEntry(node, fileName, a.size()));
          } else {
            node.ignored++;
          }
        }
      }
      if (!node.files.isEmpty()) {
        DirInfo d = infoOf(rel, parts);
        node.info = d;
        node.files.sort((x, y) -> x.name.compareTo(y.name));
        if (d.label != null) {
          // Parsing the names here runs it on the pool rather than in the sequential indexing.
          for (FileEntry f : node.files) {
            f.generator = d.generator;
            if (f.generator == null && d.label == Label.FAKE) {
              f.generator = FileNames.generatorFromTag(f.name, tagMap).orElse(null);
            }
            int cls = fileClass(f.name, d.label);
            if (cls < 0) {
              cls = d.folderClass;
            }
            f.cls = cls < 0 ? Sample.NO_CLASS : cls;
          }
        }
      }
      if (!children.isEmpty()) {
        invokeAll(children);
        for (int i = 0; i < node.items.size(); i++) {
          if (node.items.get(i) instanceof DirTask t) {
            node.items.set(i, t.join());
          }
        }
      }
      if (broke != null) {
        node.items.add(new WalkProblem(dir, null, broke, true));
      }
      return node;
    }
  }

  /** Stats a range of a folder's entries. */
  private static final class StatTask extends RecursiveAction {
    private final List<Path> entries;
    private final BasicFileAttributes[] attrs;
    private final IOException[] errors;
    private final int from;
    private final int to;

    StatTask(List<Path> entries, BasicFileAttributes[] attrs, IOException[] errors, int from,
        int to) {
      this.entries = entries;
      this.attrs = attrs;
      this.errors = errors;
      this.from = from;
      this.to = to;
    }

    @Override
    protected void compute() {
      statRange(entries, attrs, errors, from, to);
    }
  }

  /** Follows links; a dangling link gets the link's own attributes, as {@code walkFileTree}. */
  private static void statRange(List<Path> entries, BasicFileAttributes[] attrs, IOException[] errors,
      int from, int to) {
    for (int i = from; i < to; i++) {
      Path p = entries.get(i);
      try {
        attrs[i] = Files.readAttributes(p, BasicFileAttributes.class);
      } catch (IOException e) {
        try {
          attrs[i] = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e2) {
          errors[i] = e2;
        }
      }
    }
  }

  private static String describe(IOException e) {
    return e instanceof FileSystemLoopException ? "symbolic link loop"
        : e instanceof NoSuchFileException ? "vanished during the scan (or a dangling link)"
        : "unreadable: " + e;
  }

  private void layoutProblem(List<Problem> problems, Path path, String what, Exception cause) {
    if (policy == BadInputPolicy.FAIL) {
      throw new BadDatasetLayoutException(path, what, cause);
    }
    problems.add(new Problem(path, Problem.Kind.LAYOUT, what));
  }

  private static Label labelFolder(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "ai", "1_fake", "fake" -> Label.FAKE;
      case "nature", "0_real", "real" -> Label.REAL;
      default -> null;
    };
  }

  private Generator generatorFolder(String folder) {
    Generator g = folderMap.get(folder.toLowerCase(Locale.ROOT));
    return g != null ? g : Generator.fromReleaseFolder(folder).orElse(null);
  }

  /** The class a file's own name gives, or -1. */
  private int fileClass(String fileName, Label label) {
    if (label == Label.FAKE) {
      return FileNames.generatedClass(fileName);
    }
    Optional<String> wnid = FileNames.trainWordNetId(fileName);
    if (wnid.isPresent()) {
      return classes.indexOf(wnid.get());
    }
    if (valTruth != null) {
      Optional<String> stem = FileNames.valStem(fileName);
      if (stem.isPresent()) {
        return valTruth.classOf(stem.get());
      }
    }
    return -1;
  }

  /** Options of a {@link TreeScanner}. */
  public static final class Builder {
    private final Map<String, Generator> folderMap = new HashMap<>();
    private final Map<String, Generator> tagMap = new HashMap<>();
    private ImageNetClasses classes = ImageNetClasses.imageNet1k();
    private ValGroundTruth valTruth;
    private BadInputPolicy policy = BadInputPolicy.SKIP;
    private String name;

    private Builder() {}

    /**
     * Maps a folder name (matched case-insensitively) to a generator: for re-uploads that renamed
     * the subsets, or collections with other generators.
     *
     * @param folderName the folder's name, not a path
     * @param generator the generator its files belong to
     * @return this builder
     */
    public Builder mapFolder(String folderName, Generator generator) {
      folderMap.put(Checks.notBlank("folderName", folderName).toLowerCase(Locale.ROOT),
          Checks.notNull("generator", generator));
      return this;
    }

    /**
     * Maps a generated file's tag ({@code xyz} in {@code 001_xyz_00001.png}) to a generator, for
     * merged trees.
     *
     * @param tag the tag, matched case-insensitively
     * @param generator the generator
     * @return this builder
     */
    public Builder mapFileTag(String tag, Generator generator) {
      tagMap.put(Checks.notBlank("tag", tag).toLowerCase(Locale.ROOT),
          Checks.notNull("generator", generator));
      return this;
    }

    /**
     * The class list WordNet ids are resolved with.
     *
     * @param value the classes (default {@link ImageNetClasses#imageNet1k()})
     * @return this builder
     */
    public Builder classes(ImageNetClasses value) {
      this.classes = Checks.notNull("classes", value);
      return this;
    }

    /**
     * The ImageNet val ground truth, for the classes of real val files.
     *
     * @param value the ground truth
     * @return this builder
     */
    public Builder valGroundTruth(ValGroundTruth value) {
      this.valTruth = Checks.notNull("valGroundTruth", value);
      return this;
    }

    /**
     * What to do with a layout problem.
     *
     * @param value the policy (default {@link BadInputPolicy#SKIP})
     * @return this builder
     */
    public Builder policy(BadInputPolicy value) {
      this.policy = Checks.notNull("policy", value);
      return this;
    }

    /**
     * The index's name.
     *
     * @param value the name (default: the root folder's name)
     * @return this builder
     */
    public Builder name(String value) {
      this.name = Checks.notBlank("name", value);
      return this;
    }

    /**
     * Makes the scanner.
     *
     * @return the scanner
     */
    public TreeScanner build() {
      return new TreeScanner(this);
    }
  }
}
