package org.genimage.dataset;

/** What to do with a bad file or folder: fail with a typed exception, or record it and go on. */
public enum BadInputPolicy {
  /** Throw {@link org.genimage.api.BadImageException} / {@link
   * org.genimage.api.BadDatasetLayoutException} naming the file at the first problem. */
  FAIL,
  /** Record a {@link Problem} naming the file, leave the file out, and go on. */
  SKIP
}
