package org.genimage.detectors.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
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

  @Override
  public Map<String, String> variants() {
    return Map.of("deit_s", "DeiT-S/16 at 224 px, 2 classes");
  }

  @Override
  public Architecture variant(String name) {
    if (name.equals("deit_s")) {
      return new Deit(DeitConfig.deitSmall(2));
    }
    return ArchitectureProvider.super.variant(name);
  }
}
