/**
 * Real/fake image collections as indexed, sampled, streaming datasets: the GenImage release layout,
 * CNNDetection-style trees and manifests, the compact index, verification, sampling, decoding and the
 * parallel loader. The simulated-artifact maker lives in {@link org.genimage.dataset.sim}.
 */
package org.genimage.dataset;
