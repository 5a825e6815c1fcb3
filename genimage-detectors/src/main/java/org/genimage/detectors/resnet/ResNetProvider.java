package org.genimage.detectors.resnet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
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

  @Override
  public Map<String, String> variants() {
    return Map.of("resnet50", "torchvision ResNet-50, 2 classes, 224 px", "cnnspot50", "CNNSpot: ResNet-50, 1 logit, 224 crops");
  }

  @Override
  public Architecture variant(String name) {
    if (name.equals("resnet50")) {
      return new ResNet(ResNetConfig.resnet50(org.genimage.detectors.Head.TWO_CLASS));
    }
    if (name.equals("cnnspot50")) {
      return CnnSpot.architecture();
    }
    return ArchitectureProvider.super.variant(name);
  }
}
