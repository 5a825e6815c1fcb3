package org.genimage.eval;

import org.genimage.api.Label;

/** Which images of a test set a degradation is applied to. */
public enum DegradationTarget {
  /** Real and fake images alike (the default, and the paper's setting). */
  BOTH,
  /** Fake images only: asks whether the detector still finds degraded fakes among clean reals. */
  FAKE_ONLY,
  /** Real images only: asks whether degraded reals get called fake. */
  REAL_ONLY;

  /**
   * Whether an image with this label is degraded.
   *
   * @param label the image's label
   * @return true if the degradation applies to it
   */
  public boolean hits(Label label) {
    return switch (this) {
      case BOTH -> true;
      case FAKE_ONLY -> label == Label.FAKE;
      case REAL_ONLY -> label == Label.REAL;
    };
  }
}
