/**
 * Preprocessing as data: a {@link org.genimage.detectors.preprocess.PreprocessingPipeline} of
 * {@link org.genimage.detectors.preprocess.PreprocessingStep}s (resize with its Pillow filter, centre crop,
 * normalise, Spec's log spectrum) declared by every architecture and saved in detector files, and its executor
 * {@link org.genimage.detectors.preprocess.CompiledPipeline}, shared by inference, training and Spark.
 */
package org.genimage.detectors.preprocess;
