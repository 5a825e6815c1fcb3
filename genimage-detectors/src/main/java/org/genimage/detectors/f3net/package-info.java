/**
 * F3Net (Qian, Yin, Sheng, Chen, Shao, "Thinking in Frequency: Face Forgery Detection by Mining
 * Frequency-aware Clues", ECCV 2020): the Frequency-Aware Decomposition and Local Frequency Statistics
 * heads, two Xception streams and their MixBlock fusion. See
 * {@link org.genimage.detectors.f3net.F3Net} (a registered architecture).
 */
package org.genimage.detectors.f3net;
