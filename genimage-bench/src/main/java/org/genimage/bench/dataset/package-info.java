/** Benchmarks of genimage-dataset: index reload and decode throughput. */
package org.genimage.bench.dataset;
