package org.genimage.detectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Rebuilds an {@link Architecture} of one family from its JSON config. Registered with
 * {@code ServiceLoader} ({@code META-INF/services/org.genimage.detectors.ArchitectureProvider}) or
 * {@link Architectures#register}. Implementations need a public no-argument constructor and must be
 * thread-safe.
 */
public interface ArchitectureProvider {
  /**
   * The family name stored in detector files, e.g. {@code resnet}.
   *
   * @return the family name
   */
  String family();

  /**
   * Builds an architecture from the JSON form of its {@link Architecture#config()}.
   *
   * @param config the config as JSON (as Jackson wrote the record)
   * @return the architecture
   * @throws org.genimage.api.BadArgumentException when the config is invalid
   */
  Architecture fromConfig(JsonNode config);
}
