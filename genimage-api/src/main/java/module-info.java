/**
 * genimage's vocabulary: labels, generators, images, samples, datasets, the {@code Detector} contract
 * and its loader registry, transforms, read limits and typed errors. No third-party dependency.
 */
module org.genimage.api {
  requires transitive java.desktop;

  exports org.genimage.api;
  // Argument checks shared by genimage's modules, not an API for users.
  exports org.genimage.api.internal to
      org.genimage.eval, org.genimage.degrade, org.genimage.spectral, org.genimage.dataset,
      org.genimage.detectors, org.genimage.spark;

  uses org.genimage.api.DetectorProvider;
}
