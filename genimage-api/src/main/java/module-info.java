/**
 * genimage's vocabulary: labels, generators, images, samples, datasets, the {@code Detector} contract
 * and its loader registry, transforms, read limits and typed errors. No third-party dependency.
 */
module org.genimage.api {
  requires transitive java.desktop;

  exports org.genimage.api;
  // Argument checks shared by genimage's modules, not an API for users. Exported to everyone because
  // genimage-detectors and genimage-spark run on the class path (ND4J and Spark cannot be modules), and a
  // qualified export cannot reach the unnamed module.
  exports org.genimage.api.internal;

  uses org.genimage.api.DetectorProvider;
}
