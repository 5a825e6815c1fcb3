package org.genimage.detectors.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.ArchitectureProvider;
import org.genimage.detectors.Architectures;

/** Rebuilds {@link Deit}s from their JSON config. */
public final class DeitProvider implements ArchitectureProvider {
  /** Used by {@code ServiceLoader}. */
  public DeitProvider() {}

  @Override
  public String family() {
    return Deit.FAMILY;
  }

  @Override
  public Architecture fromConfig(JsonNode config) {
    return new Deit(Architectures.parseConfig(config, DeitConfig.class));
  }
}
