/**
 * Degradations and augmentations matching their Python references: resize, JPEG, Gaussian blur,
 * noise, crops, the paper's degradation presets and the CNNSpot augmentation.
 */
module org.genimage.degrade {
  requires transitive org.genimage.api;
  // The JPEG codec genimage reads and writes with (CMYK, broken ICC profiles), found through ImageIO.
  requires com.twelvemonkeys.imageio.jpeg;

  exports org.genimage.degrade;
}
