/**
 * FFT spectra, noise residuals, average spectra, radial profiles, the up-sampling artifact score and
 * spectrum plots.
 */
module org.genimage.spectral {
  requires transitive org.genimage.api;
  requires JTransforms;
  requires org.jfree.jfreechart;

  exports org.genimage.spectral;
  exports org.genimage.spectral.plot;
}
