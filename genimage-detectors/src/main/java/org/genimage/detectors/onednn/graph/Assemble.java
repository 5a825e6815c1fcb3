package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A tensor of a given shape made of parts, each written into a strided box, zero elsewhere: the gradient of one or
 * more slices of a value. When the boxes cover the tensor exactly no zeros are written.
 *
 * @param shape the output shape
 * @param parts where each input goes
 */
record Assemble(long[] shape, List<Part> parts) implements BackwardOp {
  /**
   * Where a part goes: its first index and step per axis (its extent is the input's shape).
   *
   * @param begin first index per axis
   * @param step  step per axis
   */
  record Part(long[] begin, long[] step) {}

  static Value apply(Graph g, long[] shape, List<Part> parts, List<Value> inputs) {
    return g.add1(new Assemble(shape.clone(), List.copyOf(parts)), inputs, shape);
  }

  /**
   * Replaces the contributions made by {@code Assemble} nodes whose boxes are pairwise disjoint with one node
   * holding all their parts (the gradient of a value split into slices, e.g. query, key and value); the other
   * contributions are returned as they are.
   */
  static List<Value> mergeDisjoint(Graph g, long[] shape, List<Value> contributions) {
    List<Value> rest = new ArrayList<>();
    List<Part> parts = new ArrayList<>();
    List<Value> inputs = new ArrayList<>();
    for (Value c : contributions) {
      if (c.producer != null && c.producer.op instanceof Assemble a && a.disjointFrom(parts, inputs, c.producer)) {
        parts.addAll(a.parts);
        inputs.addAll(c.producer.inputs);
      } else {
        rest.add(c);
      }
    }
    if (inputs.isEmpty()) {
      return contributions;
    }
    List<Value> out = new ArrayList<>();
    out.add(apply(g, shape, parts, inputs));
    out.addAll(rest);
    return out;
  }

  private boolean disjointFrom(List<Part> others, List<Value> otherInputs, Node self) {
    for (int i = 0; i < parts.size(); i++) {
      for (int j = 0; j < others.size(); j++) {
        if (overlap(parts.get(i), self.in(i).shape, others.get(j), otherInputs.get(j).shape)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean overlap(Part a, long[] as, Part b, long[] bs) {
    for (int d = 0; d < as.length; d++) {
      long aEnd = a.begin[d] + (as[d] - 1) * a.step[d];
      long bEnd = b.begin[d] + (bs[d] - 1) * b.step[d];
      if (aEnd < b.begin[d] || bEnd < a.begin[d]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String describe() {
    return "assemble";
  }

  @Override
  public void lower(Node n, Lowering l) {
    lowerInto(n, l, parts);
  }

  /** Writes each input of {@code n} into its box of {@code n}'s dense output (concat, assemble). */
  static void lowerInto(Node n, Lowering l, List<Part> parts) {
    Value y = n.out();
    long covered = 0;
    for (Value in : n.inputs) {
      covered += in.elements();
    }
    Lowering.Operand out = l.definePlain(y);
    if (covered != y.elements()) {
      long bytes = out.layout().bytes();
      l.host("zero", b -> {
        FloatPointer p = b.floats(out);
        return () -> Pointer.memset(p, 0, bytes);
      }, out);
    }
    long[] strides = out.layout().strides();
    for (int i = 0; i < parts.size(); i++) {
      Value x = n.in(i);
      Part part = parts.get(i);
      long offset = 0;
      long[] s = new long[strides.length];
      for (int d = 0; d < strides.length; d++) {
        offset += part.begin[d] * strides[d];
        s[d] = strides[d] * part.step[d];
      }
      Lowering.Operand box = new Lowering.Operand(out.storage(), out.offset() + offset * Float.BYTES,
          l.strided(Layouts.dimsOf(x.shape), s));
      l.reorder(l.get(x), box);
    }
  }
}
