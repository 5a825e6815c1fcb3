/**
 * Forward-pass benchmarks of the detectors: a JMH class per architecture and the Java side of the PyTorch
 * peer harness ({@code genimage-bench/scripts/resnet_peer.sh}).
 */
package org.genimage.bench.detectors;
