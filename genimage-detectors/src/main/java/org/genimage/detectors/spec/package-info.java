/**
 * Spec (Zhang, Karaman, Chang, "Detecting and Simulating Artifacts in GAN Fake Images", WIFS 2019): the
 * spectrum input, the ResNet classifier and the AutoGAN up-sampling artifact simulator that makes its
 * training fakes from real images. See {@link org.genimage.detectors.spec.Spec}.
 */
package org.genimage.detectors.spec;
