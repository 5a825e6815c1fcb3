package org.genimage.detectors.onednn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.javacpp.Pointer;

/**
 * Activation buffers of one plan, reused once the values in them are dead. Buffers are oneDNN-allocated
 * (so aligned as oneDNN wants); a value's memory is a view of a buffer in the layout its producer chose.
 * Allocation happens while compiling, in execution order, so a buffer released after step k is only
 * handed to step k+1 or later.
 */
final class BufferPool {
  /** A raw buffer of {@code bytes} bytes. */
  static final class Buffer {
    private final memory raw;
    private final long bytes;

    private Buffer(memory raw, long bytes) {
      this.raw = raw;
      this.bytes = bytes;
    }

    Pointer handle() {
      return raw.get_data_handle();
    }
  }

  private final engine eng;
  private final Consumer<Pointer> owner;
  private final List<Buffer> free = new ArrayList<>();
  private long allocatedBytes;

  BufferPool(engine eng, Consumer<Pointer> owner) {
    this.eng = eng;
    this.owner = owner;
  }

  /** The smallest free buffer of at least {@code bytes}, or a new one. */
  Buffer acquire(long bytes) {
    Buffer best = free.stream().filter(b -> b.bytes >= bytes).min(Comparator.comparingLong(b -> b.bytes))
        .orElse(null);
    if (best != null) {
      free.remove(best);
      return best;
    }
    long floats = (bytes + Float.BYTES - 1) / Float.BYTES;
    memory.desc d = new memory.desc(new long[] {floats}, memory.data_type.f32, memory.format_tag.x);
    memory raw = new memory(d, eng);
    owner.accept(d);
    owner.accept(raw);
    allocatedBytes += floats * Float.BYTES;
    return new Buffer(raw, floats * Float.BYTES);
  }

  void release(Buffer b) {
    if (b != null && !free.contains(b)) {
      free.add(b);
    }
  }

  long allocatedBytes() {
    return allocatedBytes;
  }
}
