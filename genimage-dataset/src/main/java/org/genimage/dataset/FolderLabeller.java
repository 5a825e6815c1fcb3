package org.genimage.dataset;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.genimage.api.Generator;
import org.genimage.api.Label;
import org.genimage.api.Sample;

/**
 * Reads one folder's path and its files' names with the layouts' rules: the label from the nearest
 * label folder above the files, the split from a split folder above that, the generator from a
 * folder or, for a fake, the file's name; the ImageNet class from the file's name or else a class
 * folder below the label folder. Runs on the walk's pool, once per folder ({@link TreeWalk}).
 */
final class FolderLabeller implements TreeWalk.FolderHook<FolderLabeller.Folder> {
  private final List<LayoutRules> layouts;

  /**
   * A labeller asking the layouts in order.
   *
   * @param layouts the rules, the first answer winning
   */
  FolderLabeller(List<LayoutRules> layouts) {
    this.layouts = List.copyOf(layouts);
  }

  /** What a folder's path says about the files directly in it, and each file's own name. */
  static final class Folder {
    /** The folder relative to the root. */
    final String rel;
    /** Null when no label folder lies above: its files are not indexed. */
    Label label;
    Split split;
    /** From a folder; null when none names one. */
    Generator generator;
    /** The last folder above the label folder that no rule recognised. */
    String unknownName;
    /** The path up to the label folder, which must hold both labels. */
    String subsetKey;
    /** Per file, in name order: the generator (null for unknown). */
    Generator[] fileGenerators;
    /** Per file, in name order: the ImageNet class or {@link Sample#NO_CLASS}. */
    int[] fileClasses;
    /** Set by the scan's sequential pass once the folder's label is counted for its subset. */
    boolean subsetSeen;

    Folder(String rel) {
      this.rel = rel;
    }
  }

  @Override
  public Folder folder(String rel, String[] parts, List<String> names) {
    Folder d = new Folder(rel);
    int labelAt = -1;
    for (int i = parts.length - 1; i >= 0 && d.label == null; i--) {
      String part = parts[i];
      d.label = first(l -> l.label(part));
      labelAt = i;
    }
    if (d.label == null) {
      return d;
    }
    for (int i = 0; i < labelAt; i++) {
      String part = parts[i];
      Split s = first(l -> l.split(part));
      if (s != null) {
        d.split = s;
        continue;
      }
      Generator g = first(l -> l.generator(part));
      if (g != null) {
        d.generator = g;
      } else if (!grouping(parts[i])) {
        d.unknownName = parts[i];
      }
    }
    d.subsetKey = String.join("/", Arrays.copyOf(parts, labelAt));
    int folderClass = -1;
    for (int i = parts.length - 1; folderClass < 0 && i > labelAt; i--) {
      folderClass = folderClass(parts[i]);
    }
    d.fileGenerators = new Generator[names.size()];
    d.fileClasses = new int[names.size()];
    for (int k = 0; k < names.size(); k++) {
      String name = names.get(k);
      Generator g = d.generator;
      if (g == null && d.label == Label.FAKE) {
        g = fileGenerator(name);
      }
      d.fileGenerators[k] = g;
      int cls = fileClass(name, d.label);
      if (cls < 0) {
        cls = folderClass;
      }
      d.fileClasses[k] = cls < 0 ? Sample.NO_CLASS : cls;
    }
    return d;
  }

  /** The first layout's answer, or null. */
  private <T> T first(Function<LayoutRules, T> rule) {
    for (LayoutRules l : layouts) {
      T v = rule.apply(l);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private boolean grouping(String folder) {
    for (LayoutRules l : layouts) {
      if (l.grouping(folder)) {
        return true;
      }
    }
    return false;
  }

  private int folderClass(String folder) {
    for (LayoutRules l : layouts) {
      int c = l.folderClass(folder);
      if (c >= 0) {
        return c;
      }
    }
    return -1;
  }

  private int fileClass(String fileName, Label label) {
    for (LayoutRules l : layouts) {
      int c = l.fileClass(fileName, label);
      if (c >= 0) {
        return c;
      }
    }
    return -1;
  }

  private Generator fileGenerator(String fileName) {
    for (LayoutRules l : layouts) {
      Generator g = l.fileGenerator(fileName);
      if (g != null) {
        return g;
      }
    }
    return null;
  }
}
