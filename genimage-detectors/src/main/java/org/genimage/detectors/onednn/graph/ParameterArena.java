package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.engine;
import org.bytedeco.javacpp.FloatPointer;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * Named float tensors in one native block, each dense in its canonical (PyTorch) layout and 64-byte aligned: a
 * training run's parameters, their gradients, or an optimiser's state. Plans read and write them in place, so
 * several plans (one per batch size) share them, and an optimiser updates all of them in a few passes over one
 * block. Not thread-safe.
 */
public final class ParameterArena implements AutoCloseable {
  /**
   * Where one tensor lies.
   *
   * @param name   its name
   * @param shape  its shape
   * @param offset its first element, in floats from the start of the block
   * @param count  its element count
   */
  public record Slot(String name, long[] shape, long offset, long count) {}

  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final NativeBlock block;
  private final long floats;

  /**
   * An arena of zeros.
   *
   * @param eng    the oneDNN engine that allocates it
   * @param shapes each tensor's shape, in the order to lay them out
   */
  public ParameterArena(engine eng, Map<String, long[]> shapes) {
    Checks.notNull("shapes", shapes);
    long at = 0;
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      long n = Shapes.elements(e.getValue());
      slots.put(e.getKey(), new Slot(e.getKey(), e.getValue().clone(), at, n));
      at += (n + 15) / 16 * 16;
    }
    this.floats = Math.max(at, 16);
    this.block = new NativeBlock(Checks.notNull("eng", eng), floats * Float.BYTES);
  }

  /**
   * The tensors, in layout order.
   *
   * @return the slots
   */
  public List<Slot> slots() {
    return Collections.unmodifiableList(new ArrayList<>(slots.values()));
  }

  /**
   * One tensor's slot.
   *
   * @param name the name
   * @return the slot
   * @throws BadArgumentException when there is no such tensor
   */
  public Slot slot(String name) {
    Slot s = slots.get(name);
    if (s == null) {
      throw new BadArgumentException("name", name, "a tensor of this arena");
    }
    return s;
  }

  /**
   * Whether the arena holds a tensor.
   *
   * @param name the name
   * @return true when it does
   */
  public boolean contains(String name) {
    return slots.containsKey(name);
  }

  long address(String name) {
    return block.address() + slot(name).offset * Float.BYTES;
  }

  /**
   * Floats in the whole block (tensors and the alignment gaps between them, which stay zero).
   *
   * @return the length of {@link #all()}
   */
  public long floats() {
    return floats;
  }

  /**
   * The whole block.
   *
   * @return a pointer to its first float
   */
  public FloatPointer all() {
    return block.floats(0);
  }

  /**
   * Copies values into a tensor.
   *
   * @param name   the tensor
   * @param values exactly its element count of values, row-major
   */
  public void put(String name, float[] values) {
    Slot s = slot(name);
    if (values.length != s.count) {
      throw new BadArgumentException("values.length", values.length, s.count + " for " + name);
    }
    block.floats(s.offset * Float.BYTES).put(values);
  }

  /**
   * Copies a tensor out.
   *
   * @param name the tensor
   * @return its values, row-major
   */
  public float[] get(String name) {
    Slot s = slot(name);
    float[] out = new float[Math.toIntExact(s.count)];
    block.floats(s.offset * Float.BYTES).get(out);
    return out;
  }

  /**
   * Copies a tensor into an array the caller reuses.
   *
   * @param name the tensor
   * @param into exactly its element count of floats
   */
  public void get(String name, float[] into) {
    Slot s = slot(name);
    if (into.length != s.count) {
      throw new BadArgumentException("into.length", into.length, s.count + " for " + name);
    }
    block.floats(s.offset * Float.BYTES).get(into);
  }

  /** Sets every value to zero. */
  public void zero() {
    org.bytedeco.javacpp.Pointer.memset(block.floats(0), 0, floats * Float.BYTES);
  }

  @Override
  public void close() {
    block.close();
  }
}
