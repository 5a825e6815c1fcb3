/**
 * JMH benchmarks of genimage-degrade's transforms on 256x256 and 512x512 images; the peer script
 * {@code genimage-bench/scripts/degrade_peer.py} times the same operations in Pillow, SciPy, OpenCV and
 * NumPy on the same images and prints the ratios.
 */
package org.genimage.bench.degrade;
