package org.genimage.detectors.onednn.graph;

import java.util.List;

/**
 * What a {@link Node} computes: how its gradients are built ({@link #differentiate}) and how it runs
 * ({@link #lower}). Each operation is one small class; {@link Importer} maps SameDiff ops onto them and
 * {@link Autodiff} asks each for its backward nodes.
 */
interface Op {
  /**
   * A short description for messages and logs.
   *
   * @return e.g. {@code conv 3x3/2}
   */
  String describe();

  /**
   * Adds the nodes computing the gradients of the node's inputs from those of its outputs, reporting each with
   * {@link Autodiff#accumulate}.
   *
   * @param node        the forward node
   * @param outputGrads the gradient of each output, null where an output has none
   * @param ad          the differentiation in progress
   */
  void differentiate(Node node, List<Value> outputGrads, Autodiff ad);

  /**
   * Emits the node's primitives (or host computation) into the plan.
   *
   * @param node the node
   * @param l    the lowering in progress
   */
  void lower(Node node, Lowering l);

  /**
   * Whether the output is a view of the first input's memory when the layout allows (reshape, permute, slice),
   * so the input's memory must live as long as the output.
   *
   * @return true for view operations
   */
  default boolean isView() {
    return false;
  }
}
