package org.genimage.detectors.testfamily;

/**
 * The test family's configuration.
 *
 * @param side the input side in pixels
 */
public record PixelMeanConfig(int side) {}
