package org.genimage.dataset;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

/**
 * The {@code walkFileTree} scanner that {@link TreeScanner} replaced, kept verbatim (but for its
 * name) as the reference whose results the fast scanner must match.
 */
final class LegacyTreeScanner {
  private final Map<String, Generator> folderMap;
  private final Map<String, Generator> tagMap;
  private final ImageNetClasses classes;
  private final ValGroundTruth valTruth;
  private final BadInputPolicy policy;
  private final String name;

  private LegacyTreeScanner(Builder b) {
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
   */
  public record Result(DatasetIndex index, List<Problem> problems, Map<String, Integer> unknownFolders,
      int ignoredFiles) {
    /**
     * Copies the collections.
     *
     * @throws org.genimage.api.BadArgumentException if a component is null
     */
    public Result {
      Checks.notNull("index", index);
      problems = List.copyOf(problems);
      unknownFolders = Map.copyOf(unknownFolders);
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
    List<String[]> found = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    int[] ignored = new int[1];
    try {
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && FileNames.isImage(file.getFileName().toString())) {
                String rel = root.relativize(file).toString().replace('\\', '/');
                found.add(new String[] {rel, Long.toString(attrs.size())});
              } else {
                ignored[0]++;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              String what = e instanceof FileSystemLoopException ? "symbolic link loop"
                  : e instanceof NoSuchFileException ? "vanished during the scan (or a dangling link)"
                  : "unreadable: " + e;
              layoutProblem(problems, file, what, e);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new BadDatasetLayoutException(root, "cannot scan: " + e, e);
    }
    found.sort((a, b) -> a[0].compareTo(b[0]));
    DatasetIndex.Builder index = DatasetIndex.builder(name != null ? name
        : root.getFileName() == null ? "dataset" : root.getFileName().toString(), root);
    Map<String, Integer> unknown = new TreeMap<>();
    // subset folder (path up to the split or label) -> which labels were seen
    Map<String, Set<Label>> labelsBySubset = new HashMap<>();
    int labelled = 0;
    for (String[] f : found) {
      String rel = f[0];
      long size = Long.parseLong(f[1]);
      String[] parts = rel.split("/");
      int labelAt = -1;
      Label label = null;
      for (int i = parts.length - 2; i >= 0; i--) {
        Label l = labelFolder(parts[i]);
        if (l != null) {
          labelAt = i;
          label = l;
          break;
        }
      }
      if (label == null) {
        ignored[0]++;
        continue;
      }
      labelled++;
      Split split = null;
      Generator generator = null;
      String unknownName = null;
      for (int i = 0; i < labelAt; i++) {
        Optional<Split> s = Split.fromFolder(parts[i]);
        if (s.isPresent()) {
          split = s.get();
          continue;
        }
        Generator g = generatorFolder(parts[i]);
        if (g != null) {
          generator = g;
        } else if (!parts[i].equalsIgnoreCase("imagenet_ai")) {
          unknownName = parts[i];
        }
      }
      String fileName = parts[parts.length - 1];
      if (generator == null && label == Label.FAKE) {
        generator = FileNames.generatorFromTag(fileName, tagMap).orElse(null);
      }
      if (generator == null) {
        generator = Generator.UNKNOWN;
        if (unknownName != null) {
          unknown.merge(unknownName, 1, Integer::sum);
        }
      }
      int cls = classOf(fileName, label, parts, labelAt);
      String folder = rel.substring(0, rel.length() - fileName.length());
      folder = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
      index.add(folder, fileName, label, split, generator, cls, size);
      String subsetKey = String.join("/", java.util.Arrays.copyOf(parts, labelAt));
      labelsBySubset.computeIfAbsent(subsetKey, k -> EnumSet.noneOf(Label.class)).add(label);
      if (size == 0) {
        problems.add(new Problem(root.resolve(rel), Problem.Kind.ZERO_BYTES, "zero-byte file"));
      }
    }
    if (labelled == 0) {
      throw new BadDatasetLayoutException(root, "no image under an ai/nature (or 1_fake/0_real) folder;"
          + " found " + found.size() + " image files elsewhere");
    }
    for (Map.Entry<String, Set<Label>> e : new TreeMap<>(labelsBySubset).entrySet()) {
      if (e.getValue().size() == 1) {
        Label have = e.getValue().iterator().next();
        layoutProblem(problems, root.resolve(e.getKey()), "has " + have.releaseFolder()
            + " images but no " + have.opposite().releaseFolder() + " folder (or it is empty)", null);
      }
    }
    return new Result(index.build(), problems, unknown, ignored[0]);
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

  private int classOf(String fileName, Label label, String[] parts, int labelAt) {
    int cls = -1;
    if (label == Label.FAKE) {
      cls = FileNames.generatedClass(fileName);
    } else {
      Optional<String> wnid = FileNames.trainWordNetId(fileName);
      if (wnid.isPresent()) {
        cls = classes.indexOf(wnid.get());
      } else if (valTruth != null) {
        Optional<String> stem = FileNames.valStem(fileName);
        if (stem.isPresent()) {
          cls = valTruth.classOf(stem.get());
        }
      }
    }
    // Class sub-folders below the label folder: a WordNet id, or a 1-3 digit class index.
    for (int i = parts.length - 2; cls < 0 && i > labelAt; i--) {
      String p = parts[i];
      if (FileNames.isWordNetId(p)) {
        cls = classes.indexOf(p);
      } else if (p.matches("\\d{1,3}")) {
        cls = Integer.parseInt(p);
      }
    }
    return cls < 0 ? Sample.NO_CLASS : cls;
  }

  /** Options of a {@link LegacyTreeScanner}. */
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
    public LegacyTreeScanner build() {
      return new LegacyTreeScanner(this);
    }
  }
}
