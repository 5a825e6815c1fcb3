package org.genimage.detectors.clip;

import com.fasterxml.jackson.databind.JsonNode;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.ArchitectureProvider;
import org.genimage.detectors.Architectures;

/** Rebuilds {@link UnivFd} detectors from their JSON config. */
public final class UnivFdProvider implements ArchitectureProvider {
  /** Used by {@code ServiceLoader}. */
  public UnivFdProvider() {}

  @Override
  public String family() {
    return UnivFd.FAMILY;
  }

  @Override
  public Architecture fromConfig(JsonNode config) {
    return new UnivFd(Architectures.parseConfig(config, UnivFdConfig.class));
  }
}
