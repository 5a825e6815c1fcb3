package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;

/**
 * The native objects of one plan (descriptors, primitives, memory), closed together in reverse order of creation,
 * and the stream its primitives run on.
 */
final class Resources implements AutoCloseable {
  private final List<Pointer> owned = new ArrayList<>();
  private final stream strm;

  Resources(engine eng) {
    this.strm = new stream(eng);
  }

  <T extends Pointer> T own(T p) {
    owned.add(p);
    return p;
  }

  stream stream() {
    return strm;
  }

  @Override
  public void close() {
    List<Pointer> reversed = new ArrayList<>(owned);
    Collections.reverse(reversed);
    reversed.forEach(Pointer::close);
    owned.clear();
    strm.close();
  }
}
