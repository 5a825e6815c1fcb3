/**
 * Frequency analysis of images: 2D spectra, noise residuals, a streaming and mergeable average
 * spectrum, radial (azimuthally averaged) power profiles and a training-free periodic-artifact
 * detector. Every FFT is JTransforms'.
 *
 * <p>Entry points: {@link org.genimage.spectral.Spectra} for one image, {@link
 * org.genimage.spectral.AverageSpectrum} for many, {@link org.genimage.spectral.RadialProfile}, {@link
 * org.genimage.spectral.PeriodicArtifactDetector}; the plots live in {@link
 * org.genimage.spectral.plot}.
 */
package org.genimage.spectral;
