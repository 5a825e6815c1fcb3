package org.genimage.detectors;

/**
 * What runs a {@link NetworkDetector}'s forward pass. Both run the same graph with the same weights and agree
 * to float rounding; see genimage-bench/README.md for the measured speeds.
 */
public enum InferenceEngine {
  /**
   * The oneDNN plan ({@link org.genimage.detectors.onednn.graph.InferenceExecutor}) when ND4J runs on the CPU,
   * the graph compiles to it and the library loads on this platform; otherwise SameDiff (which runs on the GPU with the
   * CUDA backend).
   */
  AUTO,
  /** Always SameDiff's executor. */
  SAMEDIFF,
  /** Always the oneDNN plan: creating the detector fails when it cannot be used. */
  ONEDNN;

  /**
   * The default: the system property {@code genimage.detectors.engine} ({@code auto}, {@code samediff} or
   * {@code onednn}, case-insensitive), else {@link #AUTO}.
   *
   * @return the engine
   * @throws org.genimage.api.BadArgumentException when the property names no engine
   */
  public static InferenceEngine fromSystemProperty() {
    return parse("genimage.detectors.engine", System.getProperty("genimage.detectors.engine", "auto"));
  }

  /**
   * The engine a name gives.
   *
   * @param parameter what the name came from, for the error
   * @param name {@code auto}, {@code samediff} or {@code onednn}, case-insensitive
   * @return the engine
   * @throws org.genimage.api.BadArgumentException naming the parameter when the name gives no engine
   */
  public static InferenceEngine parse(String parameter, String name) {
    String v = name.trim();
    for (InferenceEngine e : values()) {
      if (e.name().equalsIgnoreCase(v)) {
        return e;
      }
    }
    throw new org.genimage.api.BadArgumentException(parameter, v, "one of auto, samediff, onednn");
  }
}
