package org.genimage.detectors.frequency;

import java.util.Map;
import org.genimage.api.RgbImage;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * One of the frequency/texture architectures (Spec, GramNet, F3Net): its own preprocessing, its graph
 * and a configuration that round-trips through string properties (stored in the saved file's metadata).
 * Implementations are immutable records and thread-safe.
 */
public interface FrequencyArchitecture {
  /**
   * The family name saved with the weights ({@code "spec"}, {@code "gramnet"}, {@code "f3net"}).
   *
   * @return the family
   */
  String family();

  /**
   * The configuration as properties, read back by {@link FrequencyArchitectures#fromProperties(Map)}.
   *
   * @return an ordered, immutable map including {@code "family"}
   */
  Map<String, String> properties();

  /**
   * Channels of one input sample.
   *
   * @return channels
   */
  int channels();

  /**
   * Side of the square input sample.
   *
   * @return pixels
   */
  int inputSize();

  /**
   * Writes one image's input sample, planar CHW, into a batch buffer.
   *
   * @param image any size
   * @param destination the batch buffer
   * @param offset where this sample starts
   */
  void preprocess(RgbImage image, float[] destination, int offset);

  /**
   * Builds the network.
   *
   * @param p the declaration context
   * @param input {@code [N, channels, inputSize, inputSize]}
   * @return logits {@code [N, 2]} (REAL, FAKE)
   */
  SDVariable build(GraphParams p, SDVariable input);
}
