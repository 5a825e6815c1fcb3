/**
 * Frequency-domain utilities shared by the frequency and texture detectors ({@code spec}, {@code f3net},
 * {@code gramnet}): the orthonormal DCT-II and its inverse ({@link org.genimage.detectors.frequency.Dct}),
 * antialiased resampling and centre cropping of {@link org.genimage.api.RgbImage}s
 * ({@link org.genimage.detectors.frequency.Resampling}), and the SameDiff layer helpers the three graph
 * builders share ({@link org.genimage.detectors.frequency.SdLayers}).
 */
package org.genimage.detectors.frequency;
