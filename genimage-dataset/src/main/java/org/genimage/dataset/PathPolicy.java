package org.genimage.dataset;

/**
 * Whether the paths a dataset file lists (an index's folders, a manifest's paths) must stay inside the
 * folder they are resolved against. A file read from disk is untrusted: a crafted index or manifest
 * could otherwise make {@link Verifier} hash, or a detector decode, any file the user can read.
 */
public enum PathPolicy {
  /**
   * The default: every path is relative, has no {@code ..} segment, no backslash and no NUL, so it
   * resolves inside the index's root or the manifest's folder; anything else is refused naming the
   * file and the entry.
   */
  CONFINED,

  /**
   * The caller's explicit opt-in for a file it trusts: absolute paths and {@code ..} segments are
   * accepted (for example a manifest written by {@link Manifests#write} that lists files outside its
   * folder). NUL characters and over-long paths are still refused.
   */
  ALLOW_OUTSIDE_ROOT
}
