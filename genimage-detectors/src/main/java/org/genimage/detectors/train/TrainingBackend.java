package org.genimage.detectors.train;

/** What runs a {@link SameDiffTrainer}'s steps. */
public enum TrainingBackend {
  /**
   * The oneDNN training plan when ND4J runs on the CPU, oneDNN loads and the graph compiles to it; otherwise
   * SameDiff's executor (which runs on the GPU with the CUDA backend).
   */
  AUTO,
  /** Always SameDiff's executor and autodiff. */
  SAMEDIFF,
  /** Always the oneDNN training plan: training fails when it cannot be used. */
  ONEDNN;

  /**
   * The default: the system property {@code genimage.detectors.engine} ({@code auto}, {@code samediff} or
   * {@code onednn}, case-insensitive; the same property chooses the inference engine), else {@link #AUTO}.
   *
   * @return the backend
   * @throws org.genimage.api.BadArgumentException when the property names none
   */
  public static TrainingBackend fromSystemProperty() {
    String v = System.getProperty("genimage.detectors.engine", "auto").trim();
    for (TrainingBackend b : values()) {
      if (b.name().equalsIgnoreCase(v)) {
        return b;
      }
    }
    throw new org.genimage.api.BadArgumentException("genimage.detectors.engine", v,
        "one of auto, samediff, onednn");
  }
}
