package org.genimage.api;


/**
 * A service that applies a {@link BiasControl} to a dataset: selects the reals it keeps and
 * re-encodes the fakes as they are loaded. genimage-dataset registers one in {@code
 * META-INF/services/org.genimage.api.BiasControlProvider} (it knows JPEG headers and encoders;
 * the api does not), so that every protocol applies the control through {@code org.genimage.eval.BiasControls} the same
 * way.
 */
public interface BiasControlProvider {
  /**
   * A name for messages.
   *
   * @return the provider's name
   */
  String name();

  /**
   * The priority among registered providers; higher wins.
   *
   * @return the rank
   */
  default int rank() {
    return 0;
  }

  /**
   * The dataset under the control: the same name, the kept samples in the original order, fakes
   * loaded through the control's re-encoding. Should select lazily (on the first {@link
   * Dataset#samples()}), as selecting reads every real's header.
   *
   * @param dataset the dataset
   * @param control the control, not {@link BiasControl#isNone() none}
   * @param seed the seed of the per-class balancing draw
   * @return the controlled dataset
   */
  Dataset apply(Dataset dataset, BiasControl control, long seed);
}
