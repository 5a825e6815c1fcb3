package org.genimage.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.genimage.api.BadDatasetLayoutException;
import org.genimage.api.internal.Checks;

/**
 * The ImageNet val ground truth: the class of each {@code ILSVRC2012_val_*.JPEG}, which its name does
 * not carry. Read from a file the user supplies, in one of these formats:
 * <ul>
 *   <li>{@code ILSVRC2012_val_00000001.JPEG 65}: file name and class index (Caffe's {@code val.txt});
 *   <li>{@code ILSVRC2012_val_00000001.JPEG n01751748}: file name and WordNet id;
 *   <li>Kaggle's {@code LOC_val_solution.csv}: a header, then {@code ILSVRC2012_val_00000001,n01751748
 *       ...}.
 * </ul>
 * The devkit's {@code ILSVRC2012_validation_ground_truth.txt} (one ILSVRC2012_ID a line, an id order
 * that is not the sorted WordNet order) is not supported: convert it with the devkit's
 * {@code meta.mat} first.
 */
public final class ValGroundTruth {
  private final Map<String, Integer> classes;

  private ValGroundTruth(Map<String, Integer> classes) {
    this.classes = classes;
  }

  /**
   * Reads a ground-truth file.
   *
   * @param file the file
   * @param wordNet the class list WordNet ids are resolved with
   * @return the ground truth
   * @throws BadDatasetLayoutException naming the file and line if it cannot be read or parsed
   */
  public static ValGroundTruth read(Path file, ImageNetClasses wordNet) {
    Checks.notNull("file", file);
    Checks.notNull("wordNet", wordNet);
    Map<String, Integer> map = new HashMap<>(100_000);
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#") || (lineNo == 1 && t.startsWith("ImageId"))) {
          continue;
        }
        String[] parts = t.split("[,\\s]+");
        if (parts.length < 2) {
          throw new BadDatasetLayoutException(file, "line " + lineNo + ": expected a file name and a"
              + " class, got \"" + t + "\"");
        }
        String stem = parts[0];
        int dot = stem.lastIndexOf('.');
        if (dot > 0) {
          stem = stem.substring(0, dot);
        }
        int cls;
        if (FileNames.isWordNetId(parts[1])) {
          cls = wordNet.indexOf(parts[1]);
          if (cls < 0) {
            throw new BadDatasetLayoutException(file, "line " + lineNo + ": unknown WordNet id "
                + parts[1]);
          }
        } else {
          try {
            cls = Integer.parseInt(parts[1]);
          } catch (NumberFormatException e) {
            throw new BadDatasetLayoutException(file, "line " + lineNo + ": \"" + parts[1]
                + "\" is neither a class index nor a WordNet id");
          }
          if (cls < 0 || cls > 999) {
            throw new BadDatasetLayoutException(file, "line " + lineNo + ": class " + cls
                + " outside 0..999");
          }
        }
        map.put(stem, cls);
      }
    } catch (IOException e) {
      throw new BadDatasetLayoutException(file, "cannot read the val ground truth", e);
    }
    return new ValGroundTruth(map);
  }

  /**
   * The class of a val file.
   *
   * @param stem the file name without extension ({@code ILSVRC2012_val_00000001})
   * @return the class index, or -1 when the file is not listed
   */
  public int classOf(String stem) {
    Integer c = classes.get(stem);
    return c == null ? -1 : c;
  }

  /**
   * The number of listed files.
   *
   * @return the count
   */
  public int size() {
    return classes.size();
  }
}
