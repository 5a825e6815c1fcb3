/** JMH benchmarks of the DeiT-S and Swin-T forward passes (see scripts/transformer_peer.py). */
package org.genimage.bench.transformer;
