package org.genimage.detectors.clip;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.ArchitectureProvider;
import org.genimage.detectors.Architectures;

/**
 * Rebuilds {@link UnivFd} detectors from their JSON config; an empty config is the published detector
 * ({@link UnivFdConfig#paper()}: OpenAI's ViT-L/14 and UnivFD's preprocessing), as {@code genimage train} and
 * {@code genimage import} pass it without a config.
 */
public final class UnivFdProvider implements ArchitectureProvider {
  /** Used by {@code ServiceLoader}. */
  public UnivFdProvider() {}

  @Override
  public String family() {
    return UnivFd.FAMILY;
  }

  @Override
  public Architecture fromConfig(JsonNode config) {
    if (config != null && config.isObject() && config.isEmpty()) {
      return new UnivFd(UnivFdConfig.paper());
    }
    return new UnivFd(Architectures.parseConfig(config, UnivFdConfig.class));
  }

  @Override
  public Map<String, String> variants() {
    return Map.of("univfd", "UnivFD: CLIP ViT-L/14 at 224 px and a linear probe, 1 logit");
  }

  @Override
  public Architecture variant(String name) {
    if (name.equals("univfd")) {
      return new UnivFd(UnivFdConfig.paper());
    }
    return ArchitectureProvider.super.variant(name);
  }
}
