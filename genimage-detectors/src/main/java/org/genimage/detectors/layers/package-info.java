/**
 * Building blocks shared by the frequency and texture detectors ({@code spec}, {@code f3net},
 * {@code gramnet}): the orthonormal DCT-II and its inverse ({@link org.genimage.detectors.layers.Dct}),
 * the architecture base class ({@link org.genimage.detectors.layers.DeclaredArchitecture}, a shared
 * {@link org.genimage.detectors.Architecture}), and the layers their graphs are written with
 * ({@link org.genimage.detectors.layers.GraphParams}, {@link org.genimage.detectors.layers.SdLayers},
 * {@link org.genimage.detectors.layers.ResNetBasic}) on top of the shared
 * {@link org.genimage.detectors.GraphBuilder}.
 */
package org.genimage.detectors.layers;
