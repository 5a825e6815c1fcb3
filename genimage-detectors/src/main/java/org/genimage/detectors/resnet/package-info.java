/**
 * torchvision's ResNet (bottleneck blocks, stride on the 3x3 conv) with a width/depth knob, and CNNSpot
 * (Wang et al. 2020) as a named ResNet-50 configuration with its training recipe.
 */
package org.genimage.detectors.resnet;
