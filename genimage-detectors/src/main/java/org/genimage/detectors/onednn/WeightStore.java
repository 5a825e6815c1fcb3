package org.genimage.detectors.onednn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Weights reordered once into the layout a primitive asked for, shared by the plans of every batch size
 * (a layout is reused when oneDNN asks for the same one again). Owned and closed by the executor.
 */
final class WeightStore implements AutoCloseable {
  private record Entry(memory.desc desc, memory mem) {}

  private final engine eng;
  private final stream strm;
  private final Map<String, List<Entry>> entries = new HashMap<>();
  private final List<Pointer> resources = new ArrayList<>();
  private long bytes;

  WeightStore(engine eng, stream strm) {
    this.eng = eng;
    this.strm = strm;
  }

  /**
   * The weight {@code key} in layout {@code wanted}, reordered from {@code values} (laid out as {@code plain};
   * read only the first time that layout is asked for).
   */
  memory get(String key, memory.desc plain, Supplier<float[]> values, memory.desc wanted) {
    List<Entry> known = entries.computeIfAbsent(key, k -> new ArrayList<>());
    for (Entry e : known) {
      if (e.desc.equals(wanted)) {
        return e.mem;
      }
    }
    memory.desc copy = new memory.desc(wanted.data());
    memory dst = new memory(copy, eng);
    try (FloatPointer src = new FloatPointer(values.get())) {
      memory srcMem = new memory(plain, eng, src);
      reorder r = new reorder(srcMem, dst);
      r.execute(strm, srcMem, dst);
      strm._wait();
      r.close();
      srcMem.close();
    }
    resources.add(copy);
    resources.add(dst);
    known.add(new Entry(copy, dst));
    bytes += copy.get_size();
    return dst;
  }

  long bytes() {
    return bytes;
  }

  @Override
  public void close() {
    Collections.reverse(resources);
    resources.forEach(Pointer::close);
    resources.clear();
    entries.clear();
  }
}
