package org.genimage.detectors.onednn.graph;

import java.util.List;
import org.genimage.detectors.onednn.UnsupportedGraphException;

/** An operation that only appears in the backward pass: it is never differentiated again. */
interface BackwardOp extends Op {
  @Override
  default void differentiate(Node node, List<Value> outputGrads, Autodiff ad) {
    throw new UnsupportedGraphException("second derivatives are not supported (" + describe() + ")");
  }
}
