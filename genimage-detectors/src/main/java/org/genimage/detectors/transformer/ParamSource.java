package org.genimage.detectors.transformer;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Where a forward pass gets its weights from, by torchvision state-dict name: graph variables for
 * training, constants for inference, or the shared {@code GraphBuilder#param}. The forward passes of
 * {@link DeitNet} and {@link SwinNet} are written once against this.
 */
@FunctionalInterface
public interface ParamSource {
  /**
   * The weight of a name, in PyTorch's layout.
   *
   * @param name the torchvision state-dict name
   * @return the graph variable holding it
   */
  SDVariable param(String name);
}
