package org.genimage.eval;

/**
 * What happens to a test image smaller than the detector's input size (BigGAN's 128 pixels, a
 * low-resolution degradation) before the detector's own preprocessing sees it. Applied only when the
 * detector declares an input size ({@link org.genimage.api.DetectorInfo#inputSize()} above 0) and the
 * image is narrower or shorter than it.
 */
public enum SmallImagePolicy {
  /** Scale up (bilinear) so the shorter side reaches the input size, keeping the aspect ratio. */
  RESIZE,
  /** Centre the image on a black canvas of at least the input size: no resampling artefacts. */
  PAD,
  /** Repeat the image periodically to at least the input size: keeps its local statistics. */
  TILE
}
