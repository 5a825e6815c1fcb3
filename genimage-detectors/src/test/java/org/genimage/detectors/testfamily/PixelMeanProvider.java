package org.genimage.detectors.testfamily;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.genimage.detectors.Architecture;
import org.genimage.detectors.ArchitectureProvider;
import org.genimage.detectors.Architectures;

/** The test family's provider, listed in the test classpath's services file and nowhere else. */
public final class PixelMeanProvider implements ArchitectureProvider {
  /** Used by {@code ServiceLoader}. */
  public PixelMeanProvider() {}

  @Override
  public String family() {
    return PixelMean.FAMILY;
  }

  @Override
  public Architecture fromConfig(JsonNode config) {
    return new PixelMean(Architectures.parseConfig(config, PixelMeanConfig.class));
  }

  @Override
  public Map<String, String> variants() {
    return Map.of("pixelmean-16", "channel means of a 16 px image, linear to 2 classes");
  }

  @Override
  public Architecture variant(String name) {
    return name.equals("pixelmean-16") ? new PixelMean(new PixelMeanConfig(16))
        : ArchitectureProvider.super.variant(name);
  }
}
