package org.genimage.detectors.onednn.graph;

import java.util.List;

/**
 * One operation of a training graph: an {@link Op} applied to input values, computing output values. Forward
 * nodes come from the SameDiff graph; backward nodes are added by {@link Autodiff}.
 */
final class Node {
  final int id;
  final Op op;
  final List<Value> inputs;
  final List<Value> outputs;
  final boolean backward;

  Node(int id, Op op, List<Value> inputs, List<Value> outputs, boolean backward) {
    this.id = id;
    this.op = op;
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.backward = backward;
  }

  Value in(int i) {
    return inputs.get(i);
  }

  Value out() {
    return outputs.get(0);
  }

  @Override
  public String toString() {
    return (backward ? "bwd " : "") + op.describe() + " " + inputs + " -> " + outputs;
  }
}
