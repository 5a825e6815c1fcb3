package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A training graph with static shapes: values and the nodes between them, in execution order. Forward nodes are
 * added by {@link Importer}, backward nodes by {@link Autodiff} (while {@link #backward} is set). Not thread-safe.
 */
final class Graph {
  private final List<Value> values = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private boolean backward;

  Value input(String name, long[] shape) {
    return value(name, shape, Value.Role.INPUT, null);
  }

  Value param(String name, long[] shape) {
    Value v = value(name, shape, Value.Role.PARAM, null);
    v.requiresGrad = true;
    return v;
  }

  Value constant(String name, long[] shape, float[] data) {
    if (data.length != Shapes.elements(shape)) {
      throw new IllegalArgumentException("constant " + name + ": " + data.length + " values for shape "
          + Shapes.str(shape));
    }
    return value(name, shape, Value.Role.CONSTANT, data);
  }

  private Value value(String name, long[] shape, Value.Role role, float[] data) {
    Value v = new Value(values.size(), name, shape, role, data);
    values.add(v);
    return v;
  }

  /**
   * Adds a node and creates its outputs.
   *
   * @param op     the operation
   * @param inputs its inputs
   * @param shapes the shape of each output
   * @return the outputs
   */
  List<Value> add(Op op, List<Value> inputs, long[]... shapes) {
    List<Value> outs = new ArrayList<>();
    boolean grad = false;
    for (Value in : inputs) {
      grad |= in.requiresGrad;
    }
    for (int i = 0; i < shapes.length; i++) {
      Value v = value(op.describe() + "#" + values.size(), shapes[i], Value.Role.COMPUTED, null);
      v.requiresGrad = grad && !backward;
      outs.add(v);
    }
    Node n = new Node(nodes.size(), op, inputs, outs, backward);
    for (Value in : inputs) {
      in.consumers.add(n);
    }
    for (Value v : outs) {
      v.producer = n;
    }
    nodes.add(n);
    return outs;
  }

  /** Adds a node with one output. */
  Value add1(Op op, List<Value> inputs, long[] shape) {
    return add(op, inputs, shape).get(0);
  }

  void setBackward(boolean backward) {
    this.backward = backward;
  }

  List<Node> nodes() {
    return Collections.unmodifiableList(nodes);
  }

  List<Value> values() {
    return Collections.unmodifiableList(values);
  }

  /**
   * Replaces a node by another computing the same outputs from other inputs (a fusion); the node keeps its place.
   *
   * @param n      the node
   * @param op     the new operation
   * @param inputs its inputs
   * @return the new node
   */
  Node rewire(Node n, Op op, List<Value> inputs) {
    Node replacement = new Node(n.id, op, inputs, n.outputs, n.backward);
    for (Value in : n.inputs) {
      in.consumers.remove(n);
    }
    for (Value in : inputs) {
      in.consumers.add(replacement);
    }
    for (Value out : n.outputs) {
      out.producer = replacement;
    }
    nodes.set(nodes.indexOf(n), replacement);
    return replacement;
  }

  /** Keeps only the nodes in {@code keep}, in their order. */
  void retain(java.util.Set<Node> keep) {
    nodes.removeIf(n -> !keep.contains(n));
    for (Value v : values) {
      v.consumers.removeIf(n -> !keep.contains(n));
    }
  }
}
