package org.genimage.detectors.gramnet;

import com.fasterxml.jackson.databind.JsonNode;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.ArchitectureProvider;
import org.genimage.detectors.Architectures;

/** Rebuilds {@link GramNet} from its JSON config. */
public final class GramNetProvider implements ArchitectureProvider {
  /** Used by {@code ServiceLoader}. */
  public GramNetProvider() {
  }

  @Override
  public String family() {
    return GramNet.FAMILY;
  }

  @Override
  public Architecture fromConfig(JsonNode config) {
    return new GramNet(Architectures.parseConfig(config, GramNetwork.class));
  }
}
