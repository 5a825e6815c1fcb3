/**
 * Weight files: a reader and writer for the safetensors format (how PyTorch users ship weights) and
 * {@link org.genimage.detectors.weights.WeightMapping}, which checks a file's tensors against the names and
 * shapes an architecture expects and reports every missing, extra or wrongly shaped tensor by name.
 * {@link org.genimage.detectors.weights.TorchCheckpoint} reads PyTorch {@code .pth} checkpoints with a restricted
 * unpickler (only the globals that rebuild tensors and ordered dicts); {@link
 * org.genimage.detectors.weights.WeightFiles} reads either format.
 */
package org.genimage.detectors.weights;
