package org.genimage.api;

import org.genimage.api.internal.Checks;

/**
 * The ground truth of an image: a real photograph or a generated (fake) image.
 *
 * <p>The mapping to class indices is explicit and fixed: {@code REAL = 0}, {@code FAKE = 1}, so that
 * "probability of class 1" is always "probability that the image is generated". Some third-party
 * GenImage loaders (and the Spec reference code) use the opposite convention; convert with
 * {@link #fromIndex(int)} at the boundary rather than relying on enum order.
 */
public enum Label {
  /** A real photograph (GenImage's {@code nature} folders). */
  REAL(0, "nature"),
  /** An image made by a generative model (GenImage's {@code ai} folders). */
  FAKE(1, "ai");

  private final int index;
  private final String releaseFolder;

  Label(int index, String releaseFolder) {
    this.index = index;
    this.releaseFolder = releaseFolder;
  }

  /**
   * The class index used by detectors and metrics.
   *
   * @return 0 for {@link #REAL}, 1 for {@link #FAKE}
   */
  public int index() {
    return index;
  }

  /**
   * The folder name this label has in the GenImage release.
   *
   * @return {@code "nature"} for real images, {@code "ai"} for generated ones
   */
  public String releaseFolder() {
    return releaseFolder;
  }

  /**
   * The other label.
   *
   * @return {@link #FAKE} for {@link #REAL} and vice versa
   */
  public Label opposite() {
    return this == REAL ? FAKE : REAL;
  }

  /**
   * Looks a label up by its class index.
   *
   * @param index 0 or 1
   * @return the label with that index
   * @throws BadArgumentException if {@code index} is neither 0 nor 1
   */
  public static Label fromIndex(int index) {
    return switch (index) {
      case 0 -> REAL;
      case 1 -> FAKE;
      default -> throw new BadArgumentException("index", index, "0 (REAL) or 1 (FAKE)");
    };
  }

  /**
   * Looks a label up by its GenImage release folder name, case-insensitively.
   *
   * @param folder {@code "ai"} or {@code "nature"}
   * @return the matching label
   * @throws BadArgumentException if the name is neither
   */
  public static Label fromReleaseFolder(String folder) {
    Checks.notNull("folder", folder);
    for (Label label : values()) {
      if (label.releaseFolder.equalsIgnoreCase(folder)) {
        return label;
      }
    }
    throw new BadArgumentException("folder", folder, "\"ai\" or \"nature\"");
  }
}
