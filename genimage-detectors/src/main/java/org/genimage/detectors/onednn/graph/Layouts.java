package org.genimage.detectors.onednn.graph;

import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.global.dnnl;

/**
 * Makes the {@link Layout}s and oneDNN memory descriptors a plan's values lie in (plain dense, strided, a
 * primitive's choice, {@code format_tag::any}, another element type) and reads dims and strides back from
 * descriptors. Kept apart from {@link Lowering} because it depends on nothing but the plan's {@link Resources}
 * (which own every descriptor made here), and every other part of lowering builds on it.
 */
final class Layouts {
  private final Resources res;

  Layouts(Resources res) {
    this.res = res;
  }

  Layout plainLayout(long[] shape) {
    long[] dims = dimsOf(shape);
    return strided(dims, Shapes.denseStrides(dims));
  }

  Layout strided(long[] dims, long[] strides) {
    return new Layout(dims.clone(), strides.clone(), res.own(new memory.desc(dims, memory.data_type.f32, strides)));
  }

  /** A layout from a primitive's descriptor: plain when it equals the dense row-major layout of its dims. */
  Layout layoutOf(memory.desc desc) {
    memory.desc copy = res.own(new memory.desc(desc.data()));
    long[] dims = dims(copy);
    Layout plain = plainLayout(dims);
    if (plain.desc().equals(copy)) {
      return plain;
    }
    long[] strides = strides(copy);
    if (strides != null) {
      return new Layout(dims, strides, copy);
    }
    return new Layout(dims, null, copy);
  }

  /** Any layout oneDNN likes, for a primitive to choose. */
  memory.desc any(long[] shape) {
    return res.own(new memory.desc(dimsOf(shape), memory.data_type.f32, memory.format_tag.any));
  }

  /** A {@code format_tag::any} descriptor of the element type {@code type}, for a primitive to choose. */
  memory.desc any(long[] shape, memory.data_type type) {
    return res.own(new memory.desc(dimsOf(shape), type, memory.format_tag.any));
  }

  /** {@code desc} with its elements of another type, same dims and format. */
  memory.desc withType(memory.desc desc, memory.data_type type) {
    // Through a copy: whether data() gives the descriptor's own struct or a copy of it, desc stays unchanged.
    memory.desc copy = res.own(new memory.desc(desc.data()));
    org.bytedeco.dnnl.dnnl_memory_desc_t d = copy.data();
    d.data_type(type.value);
    return res.own(new memory.desc(d));
  }

  static long[] dimsOf(long[] shape) {
    return shape.length == 0 ? new long[] {1} : shape.clone();
  }

  static long[] dims(memory.desc d) {
    int n = d.data().ndims();
    long[] dims = new long[n];
    for (int i = 0; i < n; i++) {
      dims[i] = d.data().dims().get(i);
    }
    return dims;
  }

  /** The strides of a plain (unblocked) descriptor, or null for a blocked one. */
  static long[] strides(memory.desc d) {
    if (d.data().format_kind() != dnnl.dnnl_blocked || d.data().format_desc_blocking().inner_nblks() != 0) {
      return null;
    }
    int n = d.data().ndims();
    long[] s = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = d.data().format_desc_blocking().strides().get(i);
    }
    if (d.data().offset0() != 0) {
      return null;
    }
    return s;
  }

  /** Bytes from a layout's first element to one past its last. */
  static long span(Layout l) {
    if (!l.plain() || l.desc().data().data_type() != memory.data_type.f32.value) {
      return l.bytes();
    }
    long last = 0;
    for (int i = 0; i < l.dims().length; i++) {
      last += (l.dims()[i] - 1) * l.strides()[i];
    }
    return (last + 1) * Float.BYTES;
  }
}
