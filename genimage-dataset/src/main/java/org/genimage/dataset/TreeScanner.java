package org.genimage.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.BadInputPolicy;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.Sample;
import org.genimage.api.internal.Checks;

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
 *
 * <p>This class assembles the index; the parallel walk is {@code TreeWalk}'s, and each layout's
 * naming rules are a {@code LayoutRules} ({@code GenImageLayout}, {@code CnnDetectionLayout}, the
 * user's {@code MappedFolders}) that {@code FolderLabeller} asks in turn.
 */
public final class TreeScanner {
  private final FolderLabeller labeller;
  private final BadInputPolicy policy;
  private final String name;

  private TreeScanner(Builder b) {
    // The user's folder names first, so a mapping overrides a release folder name.
    this.labeller = new FolderLabeller(List.of(new MappedFolders(b.folderMap),
        new GenImageLayout(b.tagMap, b.classes, b.valTruth), new CnnDetectionLayout()));
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
    TreeWalk.Result<FolderLabeller.Folder> walked = new TreeWalk<>(labeller).walk(root);
    List<Problem> problems = new ArrayList<>();
    // In the order a sequential walk meets them, so FAIL throws for the same folder every time.
    for (TreeWalk.Problem p : walked.problems()) {
      if (p.fatal()) {
        throw new BadDatasetLayoutException(root, "cannot scan: " + p.cause(), p.cause());
      }
      layoutProblem(problems, p.path(), p.what(), p.cause());
    }
    int ignored = walked.ignored();
    DatasetIndex.Builder index = DatasetIndex.builder(name != null ? name
        : root.getFileName() == null ? "dataset" : root.getFileName().toString(), root);
    Map<String, Integer> unknown = new TreeMap<>();
    Map<String, NameTally> unrecognised = new TreeMap<>();
    // subset folder (path up to the split or label) -> which labels were seen
    Map<String, Set<Label>> labelsBySubset = new HashMap<>();
    int labelled = 0;
    for (TreeWalk.File<FolderLabeller.Folder> f : walked.files()) {
      FolderLabeller.Folder d = f.folder();
      if (d.label == null) {
        ignored++;
        continue;
      }
      labelled++;
      Generator found = d.fileGenerators[f.position()];
      int cls = d.fileClasses[f.position()];
      Generator generator = found;
      if (generator == null) {
        generator = Generator.UNKNOWN;
        if (d.unknownName != null) {
          unknown.merge(d.unknownName, 1, Integer::sum);
        }
      }
      index.add(d.rel, f.name(), d.label, d.split, generator, cls, f.size());
      if (d.label == Label.FAKE && (cls == Sample.NO_CLASS || found == null)) {
        unrecognised.computeIfAbsent(d.rel, k -> new NameTally(f.name()))
            .add(cls == Sample.NO_CLASS, found == null);
      }
      if (!d.subsetSeen) {
        d.subsetSeen = true;
        labelsBySubset.computeIfAbsent(d.subsetKey, k -> EnumSet.noneOf(Label.class)).add(d.label);
      }
      if (f.size() == 0) {
        problems.add(new Problem(root.resolve(f.rel()), Problem.Kind.ZERO_BYTES, "zero-byte file"));
      }
    }
    if (labelled == 0) {
      throw new BadDatasetLayoutException(root, "no image under an ai/nature (or 1_fake/0_real) folder;"
          + " found " + walked.files().size() + " image files elsewhere");
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

  private void layoutProblem(List<Problem> problems, Path path, String what, Exception cause) {
    if (policy == BadInputPolicy.FAIL) {
      throw new BadDatasetLayoutException(path, what, cause);
    }
    problems.add(new Problem(path, Problem.Kind.LAYOUT, what));
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
