package org.genimage.detectors.onednn.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor of a training graph: a static shape (the batch size is fixed when a plan is compiled), what it is
 * ({@link Role}), the node that computes it and the nodes that read it. Values are created by {@link Graph} only.
 */
final class Value {
  /** What a value is, which decides where its memory lives. */
  enum Role {
    /** Fed by the caller before every step (images, labels, random masks). */
    INPUT,
    /** A trainable parameter: lives in the parameter arena, canonical (PyTorch) layout. */
    PARAM,
    /** A value fixed at compile time (a constant of the SameDiff graph, or a folded shape). */
    CONSTANT,
    /** Computed by a node. */
    COMPUTED
  }

  final int id;
  final String name;
  final long[] shape;
  final Role role;
  final float[] constant;
  Node producer;
  final List<Node> consumers = new ArrayList<>();
  boolean requiresGrad;

  Value(int id, String name, long[] shape, Role role, float[] constant) {
    this.id = id;
    this.name = name;
    this.shape = shape.clone();
    this.role = role;
    this.constant = constant;
  }

  int rank() {
    return shape.length;
  }

  long elements() {
    return Shapes.elements(shape);
  }

  boolean isConstant() {
    return role == Role.CONSTANT;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
