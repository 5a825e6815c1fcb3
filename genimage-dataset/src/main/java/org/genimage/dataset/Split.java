package org.genimage.dataset;

import java.util.Locale;
import java.util.Optional;

/** A split of the GenImage release: the {@code train} or the {@code val} folder of a subset. */
public enum Split {
  /** The {@code train} folder. */
  TRAIN("train"),
  /** The {@code val} folder (the paper's test data). */
  VAL("val");

  private final String folder;

  Split(String folder) {
    this.folder = folder;
  }

  /**
   * The folder name in the release.
   *
   * @return {@code "train"} or {@code "val"}
   */
  public String folder() {
    return folder;
  }

  /**
   * Looks a split up by folder name, case-insensitively; {@code "test"} and {@code "validation"}
   * count as {@link #VAL}, as some re-uploads name them so.
   *
   * @param name a folder name
   * @return the split, or empty if the name is not a split folder
   */
  public static Optional<Split> fromFolder(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "train" -> Optional.of(TRAIN);
      case "val", "test", "validation" -> Optional.of(VAL);
      default -> Optional.empty();
    };
  }
}
