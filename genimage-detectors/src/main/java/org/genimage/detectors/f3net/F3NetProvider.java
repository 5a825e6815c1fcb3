package org.genimage.detectors.f3net;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.ArchitectureProvider;
import org.genimage.detectors.Architectures;

/** Rebuilds {@link F3Net} from its JSON config. */
public final class F3NetProvider implements ArchitectureProvider {
  /** Used by {@code ServiceLoader}. */
  public F3NetProvider() {
  }

  @Override
  public String family() {
    return F3Net.FAMILY;
  }

  @Override
  public Architecture fromConfig(JsonNode config) {
    return new F3Net(Architectures.parseConfig(config, F3NetNetwork.class));
  }

  @Override
  public Map<String, String> variants() {
    return Map.of("f3net", "the paper's F3Net: two Xception streams at 299 px");
  }

  @Override
  public Architecture variant(String name) {
    if (name.equals("f3net")) {
      return new F3Net(F3NetNetwork.paper());
    }
    return ArchitectureProvider.super.variant(name);
  }
}
