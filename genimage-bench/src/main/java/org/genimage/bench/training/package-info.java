/** Training benchmarks: full-size training steps timed against PyTorch in one sitting ({@code train_peer.sh}). */
package org.genimage.bench.training;
