package org.genimage.detectors.onednn.graph;

import org.bytedeco.dnnl.memory;

/**
 * How a value's elements lie in memory: a oneDNN memory descriptor, and for plain (strided) layouts the dims and
 * element strides, which views (reshape, permute, slice) compute with. Blocked layouts chosen by oneDNN
 * ({@code nChw16c}, ...) have no strides here.
 *
 * @param dims    the dims (a scalar has dims {@code [1]})
 * @param strides element strides for a plain layout, null for a blocked one
 * @param desc    the descriptor
 */
record Layout(long[] dims, long[] strides, memory.desc desc) {
  boolean plain() {
    return strides != null;
  }

  boolean dense() {
    return strides != null && Shapes.isDense(dims, strides);
  }

  /** Whether this is a dense 4-d channels-last layout ({@code nhwc}), what convolutions leave behind. */
  boolean channelsLast() {
    return strides != null && dims.length == 4 && strides[1] == 1 && strides[3] == dims[1]
        && strides[2] == dims[1] * dims[3] && strides[0] == dims[1] * dims[2] * dims[3];
  }

  long bytes() {
    return desc.get_size();
  }
}
