/** JMH benchmarks of genimage-spectral: single-image FFTs, batches across cores, the streaming average. */
package org.genimage.bench.spectral;
