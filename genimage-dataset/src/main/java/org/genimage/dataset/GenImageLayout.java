package org.genimage.dataset;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.genimage.api.Generator;
import org.genimage.api.Label;

/**
 * The GenImage release's rules: {@code <outer>/<subset>/{train,val}/{ai,nature}/...} with the
 * release's subset folder names ({@code stable_diffusion_v_1_4}, {@code imagenet_ai_0419_sdv4},
 * matched case-insensitively), the merged {@code imagenet_ai} tree where a fake's generator comes
 * from its file tag, ImageNet classes from the file names (see {@link FileNames}), from WordNet-id or
 * 3-digit class folders below {@code ai}/{@code nature}, or from the val ground truth.
 */
final class GenImageLayout implements LayoutRules {
  private final Map<String, Generator> tagMap;
  private final ImageNetClasses classes;
  private final ValGroundTruth valTruth;

  /**
   * Rules with the user's additions.
   *
   * @param tagMap file tags to generators, lower-case keys (the user's {@code mapFileTag})
   * @param classes the class list WordNet ids resolve with
   * @param valTruth the val ground truth, or null
   */
  GenImageLayout(Map<String, Generator> tagMap, ImageNetClasses classes, ValGroundTruth valTruth) {
    this.tagMap = Map.copyOf(tagMap);
    this.classes = classes;
    this.valTruth = valTruth;
  }

  @Override
  public Label label(String folder) {
    return switch (folder.toLowerCase(Locale.ROOT)) {
      case "ai" -> Label.FAKE;
      case "nature" -> Label.REAL;
      default -> null;
    };
  }

  @Override
  public Split split(String folder) {
    return Split.fromFolder(folder).orElse(null);
  }

  @Override
  public Generator generator(String folder) {
    return Generator.fromReleaseFolder(folder).orElse(null);
  }

  @Override
  public boolean grouping(String folder) {
    return folder.equalsIgnoreCase("imagenet_ai");
  }

  @Override
  public int folderClass(String folder) {
    if (FileNames.isWordNetId(folder)) {
      return classes.indexOf(folder);
    }
    return isClassNumber(folder) ? Integer.parseInt(folder) : -1;
  }

  @Override
  public int fileClass(String fileName, Label label) {
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

  @Override
  public Generator fileGenerator(String fileName) {
    return FileNames.generatorFromTag(fileName, tagMap).orElse(null);
  }

  /** A 1-3 digit class index. */
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
}
