/**
 * A oneDNN execution plan for convolutional inference graphs: {@link org.genimage.detectors.onednn.OneDnnExecutor}
 * compiles a SameDiff inference graph (as {@link org.genimage.detectors.InferenceGraphBuilder} builds it) into
 * oneDNN primitives called through {@code org.bytedeco:dnnl}, with the weights reordered once into the layout
 * each convolution prefers, activations kept in oneDNN's blocked layout from layer to layer, ReLU and the
 * residual add fused into the convolution that produces them, and activation buffers reused once their values
 * are dead. It exists because ND4J M2.1 reorders every convolution's weights on every call and runs bias, ReLU
 * and add as separate passes, and because M2.1's SameDiff has no way to run an op implemented in Java. The
 * SameDiff graph stays the definition: the plan refuses any op it does not know
 * ({@link org.genimage.detectors.onednn.UnsupportedGraphException}) and
 * {@link org.genimage.detectors.SameDiffDetector} then runs the graph with SameDiff.
 */
package org.genimage.detectors.onednn;
