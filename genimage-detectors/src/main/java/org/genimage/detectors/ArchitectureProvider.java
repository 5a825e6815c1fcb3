package org.genimage.detectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.genimage.api.BadArgumentException;

/**
 * Rebuilds an {@link Architecture} of one family from its JSON config. Registered with
 * {@code ServiceLoader} ({@code META-INF/services/org.genimage.detectors.ArchitectureProvider}) or
 * {@link Architectures#register}. Implementations need a public no-argument constructor and must be
 * thread-safe.
 *
 * <p>A family is found by tools through this interface alone: the CLI trains, and the benchmarks build, any
 * {@link #variants() variant} or family by name through {@link Architectures}, so adding a family takes its own
 * package and one line in the services file, nothing else.
 */
public interface ArchitectureProvider {
  /**
   * The family name stored in detector files, e.g. {@code resnet}.
   *
   * @return the family name
   */
  String family();

  /**
   * Builds an architecture from the JSON form of its {@link Architecture#config()}.
   *
   * @param config the config as JSON (as Jackson wrote the record)
   * @return the architecture
   * @throws org.genimage.api.BadArgumentException when the config is invalid
   */
  Architecture fromConfig(JsonNode config);

  /**
   * The named configurations of this family that tools build without a config (the paper's networks, the
   * benchmarked sizes), name to a one-line description. Names are unique across families ({@link Architectures}
   * refuses a clash); a variant may be named as its family. By default none.
   *
   * @return variant name to description, in a stable order
   */
  default Map<String, String> variants() {
    return Map.of();
  }

  /**
   * Builds one of {@link #variants()}.
   *
   * @param name the variant's name
   * @return a new architecture
   * @throws BadArgumentException for a name not in {@link #variants()}
   */
  default Architecture variant(String name) {
    throw new BadArgumentException("variant", name, "one of " + variants().keySet() + " of family " + family());
  }
}
