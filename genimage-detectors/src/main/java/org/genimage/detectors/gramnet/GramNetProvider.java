package org.genimage.detectors.gramnet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
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

  @Override
  public Map<String, String> variants() {
    return Map.of("gramnet", "the paper's GramNet: ResNet-18 and six Gram branches at 512 px");
  }

  @Override
  public Architecture variant(String name) {
    if (name.equals("gramnet")) {
      return new GramNet(GramNetwork.paper());
    }
    return ArchitectureProvider.super.variant(name);
  }
}
