package org.genimage.detectors.npr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.ArchitectureProvider;
import org.genimage.detectors.Architectures;

/**
 * Rebuilds {@link Npr} from its JSON config; an empty object gives the reference network
 * ({@link NprConfig#paper()}), so {@code genimage train --detector npr} needs no config file.
 */
public final class NprProvider implements ArchitectureProvider {
  /** Used by {@code ServiceLoader}. */
  public NprProvider() {}

  @Override
  public String family() {
    return Npr.FAMILY;
  }

  @Override
  public Architecture fromConfig(JsonNode config) {
    if (config != null && config.isObject() && config.isEmpty()) {
      return new Npr(NprConfig.paper());
    }
    return new Npr(Architectures.parseConfig(config, NprConfig.class));
  }

  @Override
  public Map<String, String> variants() {
    return Map.of("npr", "NPR (the reference network) at 256 px, 1 logit");
  }

  @Override
  public Architecture variant(String name) {
    if (name.equals("npr")) {
      return new Npr(NprConfig.paper());
    }
    return ArchitectureProvider.super.variant(name);
  }
}
