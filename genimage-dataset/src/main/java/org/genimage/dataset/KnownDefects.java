package org.genimage.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.internal.Checks;

/**
 * The GenImage release's official lists of defective files, read from a folder the user gives (the
 * lists are CC BY-NC-SA and not shipped with this library): {@code corrupted_files/<subset>.txt}
 * (zero-byte or undecodable images, lines {@code ./<subset>/<split>/<ai|nature>/<file>}) and
 * {@code improper_png_header/<subset>.txt} (lines starting {@code ./data/}). {@link Verifier} reports
 * the files they name as known defects and excludes them, rather than counting them as damage.
 *
 * <p>A listed file is matched by generator, split, label and file name, not by its full path, so the
 * lists apply to the release layout ({@code <outer>/<subset>/...}) and to merged trees alike.
 */
public final class KnownDefects {
  /** The two list folders of the release's {@code data/} folder. */
  public static final List<String> LIST_FOLDERS = List.of("corrupted_files", "improper_png_header");

  private final Map<String, Entry> byKey;

  private KnownDefects(Map<String, Entry> byKey) {
    this.byKey = Collections.unmodifiableMap(new LinkedHashMap<>(byKey));
  }

  /**
   * One listed file.
   *
   * @param generator the subset's generator
   * @param split the split
   * @param label the label folder
   * @param fileName the file name
   * @param lists the lists naming it ({@code corrupted_files/imagenet_glide.txt}, ...)
   */
  public record Entry(Generator generator, Split split, Label label, String fileName,
      List<String> lists) {
    /** Validates and copies. */
    public Entry {
      Checks.notNull("generator", generator);
      Checks.notNull("split", split);
      Checks.notNull("label", label);
      Checks.notBlank("fileName", fileName);
      lists = List.copyOf(lists);
    }

    /**
     * The path the release would give the file, below its subset folder's parent.
     *
     * @return {@code <subset>/<split>/<ai|nature>/<file>}
     */
    public String releasePath() {
      return generator.subsetFolder() + "/" + split.folder() + "/" + label.releaseFolder() + "/"
          + fileName;
    }
  }

  /**
   * No known defects.
   *
   * @return an empty list
   */
  public static KnownDefects none() {
    return new KnownDefects(Map.of());
  }

  /**
   * Reads the lists below a folder: {@code corrupted_files/*.txt} and {@code
   * improper_png_header/*.txt} (either may be absent, not both). Pass the release repository's
   * {@code data/} folder, or a copy of its two list folders.
   *
   * @param dir the folder
   * @return the listed files
   * @throws BadDatasetLayoutException naming the folder when neither list folder is there, or a
   *     list file and line when a line is not {@code ./[data/]<subset>/<split>/<ai|nature>/<file>}
   *     with a known subset
   */
  public static KnownDefects read(Path dir) {
    Checks.notNull("dir", dir);
    Map<String, Entry> out = new LinkedHashMap<>();
    boolean any = false;
    for (String folder : LIST_FOLDERS) {
      Path sub = dir.resolve(folder);
      if (!Files.isDirectory(sub)) {
        continue;
      }
      any = true;
      List<Path> files;
      try (Stream<Path> s = Files.list(sub)) {
        files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
      } catch (IOException e) {
        throw new BadDatasetLayoutException(sub, "cannot list the defect lists: " + e, e);
      }
      for (Path f : files) {
        readList(f, folder + "/" + f.getFileName(), out);
      }
    }
    if (!any) {
      throw new BadDatasetLayoutException(dir, "no corrupted_files/ or improper_png_header/ folder"
          + " (pass the GenImage repository's data/ folder)");
    }
    return new KnownDefects(out);
  }

  private static void readList(Path file, String listName, Map<String, Entry> out) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadDatasetLayoutException(file, "cannot read the defect list: " + e, e);
    }
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      final int lineNo = n + 1;
      Entry e = parse(line).orElseThrow(() -> new BadDatasetLayoutException(file, "line " + lineNo
          + ": expected ./[data/]<subset>/<train|val>/<ai|nature>/<file>, found: " + line));
      String key = key(e.generator(), e.split(), e.label(), e.fileName());
      Entry old = out.get(key);
      List<String> lists = new ArrayList<>(old == null ? List.of() : old.lists());
      if (!lists.contains(listName)) {
        lists.add(listName);
      }
      out.put(key, new Entry(e.generator(), e.split(), e.label(), e.fileName(), lists));
    }
  }

  /** Parses {@code ./[data/]<subset>/<split>/<label>/<file>}. */
  static Optional<Entry> parse(String line) {
    String p = line.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    if (p.startsWith("data/")) {
      p = p.substring(5);
    }
    String[] parts = p.split("/");
    if (parts.length != 4) {
      return Optional.empty();
    }
    Optional<Generator> g = Generator.fromReleaseFolder(parts[0]);
    Optional<Split> s = Split.fromFolder(parts[1]);
    String label = parts[2].toLowerCase(Locale.ROOT);
    if (g.isEmpty() || s.isEmpty() || !(label.equals("ai") || label.equals("nature"))
        || parts[3].isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new Entry(g.get(), s.get(), Label.fromReleaseFolder(label), parts[3],
        List.of()));
  }

  private static String key(Generator g, Split s, Label l, String fileName) {
    return g.id() + "/" + s.folder() + "/" + l.releaseFolder() + "/" + fileName;
  }

  /**
   * The listed entry for a file, if any.
   *
   * @param generator its generator
   * @param split its split (null never matches)
   * @param label its label
   * @param fileName its file name
   * @return the entry, or empty
   */
  public Optional<Entry> find(Generator generator, Split split, Label label, String fileName) {
    if (byKey.isEmpty() || split == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(byKey.get(key(generator, split, label, fileName)));
  }

  /**
   * The listed entry for an index entry, if any.
   *
   * @param index the index
   * @param i the entry
   * @return the entry, or empty
   */
  public Optional<Entry> find(DatasetIndex index, int i) {
    if (byKey.isEmpty()) {
      return Optional.empty();
    }
    return find(index.generator(i), index.split(i), index.label(i), index.fileName(i));
  }

  /**
   * Every listed file, in list order (a file named by two lists appears once).
   *
   * @return an immutable list
   */
  public List<Entry> entries() {
    return List.copyOf(byKey.values());
  }

  /**
   * The number of listed files.
   *
   * @return the count
   */
  public int size() {
    return byKey.size();
  }
}
