/**
 * Building blocks shared by the frequency and texture detectors ({@code spec}, {@code f3net},
 * {@code gramnet}): the orthonormal DCT-II and its inverse ({@link org.genimage.detectors.frequency.Dct}),
 * and the SameDiff pieces their graphs are made of ({@link org.genimage.detectors.frequency.GraphParams},
 * {@link org.genimage.detectors.frequency.SdLayers}, {@link org.genimage.detectors.frequency.ResNetBasic}).
 */
package org.genimage.detectors.frequency;
