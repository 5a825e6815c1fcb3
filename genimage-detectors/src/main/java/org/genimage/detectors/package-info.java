/**
 * SameDiff-backed detectors: the {@link org.genimage.detectors.Architecture} abstraction that every network
 * (ResNet-50, CNNSpot, transformers, spectrum models) plugs into, the {@link org.genimage.detectors.Architectures}
 * registry, the generic {@link org.genimage.detectors.NetworkDetector}, the single-file detector format
 * ({@link org.genimage.detectors.DetectorFile}) and the {@link org.genimage.api.DetectorProvider} that lets
 * {@code org.genimage.api.Detectors.load(path)} open those files.
 */
package org.genimage.detectors;
