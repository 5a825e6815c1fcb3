package org.genimage.detectors.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
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

  @Override
  public Map<String, String> variants() {
    return Map.of("spec", "the paper's Spec: ResNet-34 on the 224 px AutoGAN spectrum, 2 classes");
  }

  @Override
  public Architecture variant(String name) {
    if (name.equals("spec")) {
      return new Spec(SpecConfig.paper());
    }
    return ArchitectureProvider.super.variant(name);
  }
}
