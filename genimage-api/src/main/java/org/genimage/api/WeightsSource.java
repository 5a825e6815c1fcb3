package org.genimage.api;

import org.genimage.api.internal.Checks;

/**
 * Where a model's weights came from.
 *
 * @param kind how they were made
 * @param file for {@link Kind#IMPORTED}: the imported file's name (not its path, which is machine-specific);
 *     empty otherwise
 * @param sha256 for {@link Kind#IMPORTED}: the SHA-256 of the imported file's bytes (64 hex digits); empty
 *     otherwise
 */
public record WeightsSource(Kind kind, String file, String sha256) {
  /** How weights were made. */
  public enum Kind {
    /** Trained by genimage (the model's {@link ModelProvenance#training()} says how). */
    TRAINED,
    /** Imported from a file (e.g. PyTorch weights as safetensors). */
    IMPORTED,
    /** Freshly initialised from a seed, not trained. */
    INITIALISED,
    /** Handed over in memory by the calling code, origin not recorded. */
    GIVEN,
    /** Not recorded (e.g. a file written before typed provenance). */
    UNKNOWN
  }

  /**
   * Validates the components.
   *
   * @throws BadArgumentException for a null component, or a file or digest on a kind other than
   *     {@link Kind#IMPORTED}
   */
  public WeightsSource {
    Checks.notNull("kind", kind);
    Checks.notNull("file", file);
    Checks.notNull("sha256", sha256);
    if (kind != Kind.IMPORTED && !(file.isEmpty() && sha256.isEmpty())) {
      throw new BadArgumentException("file", file, "empty for weights of kind " + kind);
    }
  }

  /**
   * Weights of a kind without a source file.
   *
   * @param kind any kind but {@link Kind#IMPORTED}
   * @return the source
   */
  public static WeightsSource of(Kind kind) {
    return new WeightsSource(kind, "", "");
  }

  /**
   * Weights imported from a file.
   *
   * @param file the file's name
   * @param sha256 the SHA-256 of its bytes
   * @return the source
   */
  public static WeightsSource imported(String file, String sha256) {
    return new WeightsSource(Kind.IMPORTED, Checks.notBlank("file", file), Checks.notBlank("sha256", sha256));
  }
}
