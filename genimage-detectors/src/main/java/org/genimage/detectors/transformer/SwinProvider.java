package org.genimage.detectors.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.ArchitectureProvider;
import org.genimage.detectors.Architectures;

/** Rebuilds {@link Swin}s from their JSON config. */
public final class SwinProvider implements ArchitectureProvider {
  /** Used by {@code ServiceLoader}. */
  public SwinProvider() {}

  @Override
  public String family() {
    return Swin.FAMILY;
  }

  @Override
  public Architecture fromConfig(JsonNode config) {
    return new Swin(Architectures.parseConfig(config, SwinConfig.class));
  }

  @Override
  public Map<String, String> variants() {
    return Map.of("swin_t", "Swin-T at 224 px, 2 classes");
  }

  @Override
  public Architecture variant(String name) {
    if (name.equals("swin_t")) {
      return new Swin(SwinConfig.swinTiny(2));
    }
    return ArchitectureProvider.super.variant(name);
  }
}
