/**
 * oneDNN through {@code org.bytedeco:dnnl}: whether the library loads here ({@link org.genimage.detectors.onednn.OneDnn})
 * and the exception a plan compiler throws for what it cannot run
 * ({@link org.genimage.detectors.onednn.UnsupportedGraphException}); callers then fall back to SameDiff. The plans
 * themselves, for inference and training, are in {@link org.genimage.detectors.onednn.graph}. They exist because
 * ND4J M2.1 reorders every convolution's weights on every call, runs bias, activation and residual add as separate
 * passes, and lacks fast kernels for the transformers' matmuls and normalisations.
 */
package org.genimage.detectors.onednn;
