package org.genimage.detectors.train;

import java.util.Map;

/**
 * One step's data, preprocessed: inputs, labels and the random masks (stochastic depth, dropout) drawn for it.
 *
 * @param size   the number of samples
 * @param input  {@code size * c * h * w} values, NCHW (longer arrays allowed)
 * @param labels {@code size * outputs} values (longer arrays allowed)
 * @param masks  each mask placeholder's values
 */
record TrainingBatch(int size, float[] input, float[] labels, Map<String, float[]> masks) {}
