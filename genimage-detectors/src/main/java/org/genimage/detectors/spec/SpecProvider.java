package org.genimage.detectors.spec;

import com.fasterxml.jackson.databind.JsonNode;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.ArchitectureProvider;
import org.genimage.detectors.Architectures;

/** Rebuilds {@link Spec} from its JSON config. */
public final class SpecProvider implements ArchitectureProvider {
  /** Used by {@code ServiceLoader}. */
  public SpecProvider() {
  }

  @Override
  public String family() {
    return Spec.FAMILY;
  }

  @Override
  public Architecture fromConfig(JsonNode config) {
    return new Spec(Architectures.parseConfig(config, SpecConfig.class));
  }
}
