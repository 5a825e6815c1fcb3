/**
 * GramNet (Liu, Qi, Torr, "Global Texture Enhancement for Fake Face Detection in the Wild", CVPR 2020): a
 * ResNet-18 with six Gram-matrix branches that capture global texture, and its random down/up-resize
 * training augmentation. See {@link org.genimage.detectors.gramnet.GramNet} (a registered architecture).
 */
package org.genimage.detectors.gramnet;
