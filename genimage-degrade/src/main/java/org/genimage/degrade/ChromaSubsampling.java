package org.genimage.degrade;

/**
 * JPEG chroma subsampling, as Pillow's {@code subsampling} save option names it (0 = 4:4:4,
 * 1 = 4:2:2, 2 = 4:2:0; Pillow's and OpenCV's default for RGB input is 4:2:0).
 */
public enum ChromaSubsampling {
  /** No subsampling: Cb and Cr at full resolution (Pillow {@code subsampling=0}). */
  S444("4:4:4", 1, 1),
  /** Cb and Cr halved horizontally (Pillow {@code subsampling=1}). */
  S422("4:2:2", 2, 1),
  /** Cb and Cr halved in both directions: libjpeg's default (Pillow {@code subsampling=2}). */
  S420("4:2:0", 2, 2);

  private final String label;
  private final int horizontal;
  private final int vertical;

  ChromaSubsampling(String label, int horizontal, int vertical) {
    this.label = label;
    this.horizontal = horizontal;
    this.vertical = vertical;
  }

  /**
   * The conventional name, e.g. "4:2:0".
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * The luma-to-chroma ratio across.
   *
   * @return 1 or 2
   */
  public int horizontalFactor() {
    return horizontal;
  }

  /**
   * The luma-to-chroma ratio down.
   *
   * @return 1 or 2
   */
  public int verticalFactor() {
    return vertical;
  }

  @Override
  public String toString() {
    return label;
  }
}
