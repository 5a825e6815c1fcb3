/** Benchmarks of genimage-dataset: index reload, decode throughput and tree scanning against {@code find}. */
package org.genimage.bench.dataset;
