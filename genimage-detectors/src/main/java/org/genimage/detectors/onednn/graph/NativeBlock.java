package org.genimage.detectors.onednn.graph;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/** A block of native memory allocated by oneDNN (so 64-byte aligned), zeroed, with pointers into it. */
final class NativeBlock implements AutoCloseable {
  /** A pointer to an address inside a block: never frees anything. */
  static final class Address extends Pointer {
    Address(long address, long bytes) {
      this.address = address;
      this.limit = bytes;
      this.capacity = bytes;
    }
  }

  private final memory.desc desc;
  private final memory mem;
  private final long base;
  private final long bytes;

  NativeBlock(engine eng, long bytes) {
    long floats = Math.max(1, (bytes + Float.BYTES - 1) / Float.BYTES);
    this.desc = new memory.desc(new long[] {floats}, memory.data_type.f32, memory.format_tag.x);
    this.mem = new memory(desc, eng);
    this.bytes = floats * Float.BYTES;
    Pointer h = mem.get_data_handle();
    this.base = h.address() + h.position();
    Pointer.memset(new Address(base, this.bytes), 0, this.bytes);
  }

  long address() {
    return base;
  }

  long bytes() {
    return bytes;
  }

  /** Floats starting {@code byteOffset} bytes into the block. */
  FloatPointer floats(long byteOffset) {
    return new FloatPointer(new Address(base + byteOffset, bytes - byteOffset));
  }

  @Override
  public void close() {
    mem.close();
    desc.close();
  }
}
