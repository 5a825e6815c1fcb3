/**
 * NPR (Tan et al., "Rethinking the Up-Sampling Operations in CNN-based Generative Network for Generalizable
 * Deepfake Detection", CVPR 2024): the residual between an image and its nearest-neighbour down- and up-sampled
 * copy, into the first two stages of a bottleneck ResNet, one logit. See {@link org.genimage.detectors.npr.Npr}.
 */
package org.genimage.detectors.npr;
