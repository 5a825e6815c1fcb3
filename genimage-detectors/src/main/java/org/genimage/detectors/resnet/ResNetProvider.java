package org.genimage.detectors.resnet;

import com.fasterxml.jackson.databind.JsonNode;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.ArchitectureProvider;
import org.genimage.detectors.Architectures;

/** Rebuilds {@link ResNet}s (including CNNSpot, a named configuration) from their JSON config. */
public final class ResNetProvider implements ArchitectureProvider {
  /** Used by {@code ServiceLoader}. */
  public ResNetProvider() {}

  @Override
  public String family() {
    return ResNet.FAMILY;
  }

  @Override
  public Architecture fromConfig(JsonNode config) {
    return new ResNet(Architectures.parseConfig(config, ResNetConfig.class));
  }
}
