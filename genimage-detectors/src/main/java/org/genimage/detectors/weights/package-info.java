/**
 * Weight files: a reader and writer for the safetensors format (how PyTorch users ship weights) and
 * {@link org.genimage.detectors.weights.WeightMapping}, which checks a file's tensors against the names and
 * shapes an architecture expects and reports every missing, extra or wrongly shaped tensor by name.
 */
package org.genimage.detectors.weights;
