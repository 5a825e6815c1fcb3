package org.genimage.detectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.genimage.api.BadArgumentException;
import org.genimage.api.internal.Checks;

/**
 * The registry of architecture families: providers found with {@code ServiceLoader} on first use, plus any
 * registered explicitly. Thread-safe.
 */
public final class Architectures {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, ArchitectureProvider> PROVIDERS = new ConcurrentHashMap<>();
  private static volatile boolean loaded;

  private Architectures() {}

  /**
   * Registers (or replaces) a provider.
   *
   * @param provider the provider
   */
  public static void register(ArchitectureProvider provider) {
    Checks.notNull("provider", provider);
    PROVIDERS.put(Checks.notBlank("provider.family()", provider.family()), provider);
  }

  /**
   * All providers by family name.
   *
   * @return family to provider, sorted by name
   */
  public static Map<String, ArchitectureProvider> providers() {
    ensureLoaded();
    return new TreeMap<>(PROVIDERS);
  }

  /**
   * The provider of a family.
   *
   * @param family the family name
   * @return the provider
   * @throws BadArgumentException when none is registered
   */
  public static ArchitectureProvider provider(String family) {
    Checks.notBlank("family", family);
    ensureLoaded();
    ArchitectureProvider p = PROVIDERS.get(family);
    if (p == null) {
      throw new BadArgumentException("family", family, "one of " + providers().keySet());
    }
    return p;
  }

  /**
   * Every provider's {@link ArchitectureProvider#variants() variants}.
   *
   * @return variant name to {@code "family: description"}, sorted by name
   * @throws BadArgumentException when two families declare the same variant name
   */
  public static Map<String, String> variants() {
    Map<String, String> out = new TreeMap<>();
    Map<String, String> owner = new TreeMap<>();
    for (ArchitectureProvider p : providers().values()) {
      p.variants().forEach((name, description) -> {
        String before = owner.putIfAbsent(name, p.family());
        if (before != null) {
          throw new BadArgumentException("variant", name, "declared by one family, not by both '" + before
              + "' and '" + p.family() + "'");
        }
        out.put(name, p.family() + ": " + description);
      });
    }
    return out;
  }

  /**
   * Builds a named variant of any registered family ({@link ArchitectureProvider#variant}).
   *
   * @param name the variant's name, e.g. {@code resnet50} or {@code deit_s}
   * @return the architecture
   * @throws BadArgumentException naming the known variants when no family declares it
   */
  public static Architecture variant(String name) {
    Checks.notBlank("variant", name);
    for (ArchitectureProvider p : providers().values()) {
      if (p.variants().containsKey(name)) {
        return p.variant(name);
      }
    }
    throw new BadArgumentException("variant", name, "one of " + variants().keySet());
  }

  /**
   * Rebuilds an architecture from its family name and JSON config.
   *
   * @param family the family
   * @param config the config
   * @return the architecture
   */
  public static Architecture fromConfig(String family, JsonNode config) {
    return provider(family).fromConfig(Checks.notNull("config", config));
  }

  /**
   * The JSON form of an architecture's config.
   *
   * @param architecture the architecture
   * @return its config as a JSON tree
   */
  public static JsonNode configJson(Architecture architecture) {
    return JSON.valueToTree(architecture.config());
  }

  /**
   * Round-trips an architecture through its JSON config (a check that providers can rebuild it).
   *
   * @param architecture the architecture
   * @return the rebuilt architecture
   */
  public static Architecture rebuild(Architecture architecture) {
    return fromConfig(architecture.family(), configJson(architecture));
  }

  /**
   * Reads a config record from JSON, for providers; unknown or invalid fields raise a typed error.
   *
   * @param config the JSON
   * @param type   the record class
   * @param <T>    the record type
   * @return the record
   * @throws BadArgumentException naming the type when the JSON does not fit it
   */
  public static <T extends Record> T parseConfig(JsonNode config, Class<T> type) {
    try {
      return JSON.treeToValue(Checks.notNull("config", config), type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw new BadArgumentException("config", config.toString(), "a valid " + type.getSimpleName() + " ("
          + e.getMessage() + ")");
    }
  }

  private static void ensureLoaded() {
    if (!loaded) {
      synchronized (Architectures.class) {
        if (!loaded) {
          for (ArchitectureProvider p : ServiceLoader.load(ArchitectureProvider.class,
              Architectures.class.getClassLoader())) {
            PROVIDERS.putIfAbsent(p.family(), p);
          }
          loaded = true;
        }
      }
    }
  }
}
