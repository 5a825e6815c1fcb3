/**
 * Training on oneDNN: {@link org.genimage.detectors.onednn.graph.TrainingPlan} compiles a SameDiff training
 * graph (as {@link org.genimage.detectors.TrainingGraphBuilder} builds it) for one batch size into a fixed
 * sequence of oneDNN primitives, forward and backward, run through {@code org.bytedeco:dnnl}.
 *
 * <p>How: the graph is read into a small graph of operations with static shapes (the builder's regions
 * become batch norm, layer norm and GELU primitives; a ReLU after a batch norm or a residual add is fused into
 * it), rewritten (scales and biases into matrix products), differentiated in reverse mode into more nodes of
 * the same graph, and lowered: each operation is one class that asks for its inputs in the layouts its
 * primitive prefers, so activations stay in oneDNN's blocked layouts, reshapes and transposes are strided views,
 * and small tensors (heads, losses) are computed in Java. Every activation and gradient lives in one arena whose
 * offsets are planned from the lifetimes of the values, parameters and gradients in
 * {@link org.genimage.detectors.onednn.graph.ParameterArena}s; a step allocates nothing.
 *
 * <p>Why: SameDiff M2.1's training session keeps each step's arrays, runs batch norm as a dozen element-wise ops
 * with broadcast gradients, and its convolution backward is several times slower than oneDNN's (see
 * genimage-bench/README.md, "Training"). The SameDiff graph stays each model's definition, and the trainer falls
 * back to SameDiff (on a GPU backend, or for an op the plan does not know).
 */
package org.genimage.detectors.onednn.graph;
