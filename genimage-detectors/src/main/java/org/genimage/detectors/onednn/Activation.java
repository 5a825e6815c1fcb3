package org.genimage.detectors.onednn;

import org.bytedeco.dnnl.memory;

/**
 * A 4-d activation of a plan: oneDNN memory in whatever layout its producer chose, over a pooled buffer
 * (null for the caller-owned input). Dims are logical {@code [n, c, h, w]} whatever the graph's layout.
 *
 * @param mem    the memory
 * @param buffer the buffer under it, or null when the plan must not reuse it
 * @param dims   {@code n, c, h, w}
 */
record Activation(memory mem, BufferPool.Buffer buffer, long[] dims) {
  long n() {
    return dims[0];
  }

  long c() {
    return dims[1];
  }

  long h() {
    return dims[2];
  }

  long w() {
    return dims[3];
  }

  memory.desc desc() {
    return mem.get_desc();
  }
}
