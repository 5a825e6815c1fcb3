package org.genimage.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.genimage.api.internal.Checks;

/** Finds and loads saved detectors through the registered {@link DetectorProvider}s. */
public final class Detectors {
  private Detectors() {}

  /**
   * The providers on the class path, highest rank first.
   *
   * @return the providers
   */
  public static List<DetectorProvider> providers() {
    return ServiceLoader.load(DetectorProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparingInt(DetectorProvider::rank).reversed())
        .toList();
  }

  /**
   * Loads a saved detector with the first provider that recognises it.
   *
   * @param file a file written by {@link Detector#save(Path)}
   * @return the detector; the caller closes it
   * @throws BadModelFileException if the file is missing, or no provider recognises it (for example
   *     because genimage-detectors is not on the class path)
   */
  public static Detector load(Path file) {
    return load(file, LoadOptions.defaults());
  }

  /**
   * Loads a saved detector with the first provider that recognises it, set up as {@code options} ask.
   *
   * @param file a file written by {@link Detector#save(Path)}
   * @param options engine, batch size and threads per call
   * @return the detector; the caller closes it
   * @throws BadModelFileException if the file is missing, or no provider recognises it
   * @throws BadArgumentException if the provider cannot honour the options (an engine it does not know)
   */
  public static Detector load(Path file, LoadOptions options) {
    Checks.notNull("file", file);
    Checks.notNull("options", options);
    if (!Files.isRegularFile(file)) {
      throw new BadModelFileException(file, "no such file");
    }
    List<DetectorProvider> providers = providers();
    for (DetectorProvider provider : providers) {
      if (provider.canLoad(file)) {
        return provider.load(file, options);
      }
    }
    String names = providers.isEmpty()
        ? "none registered (is genimage-detectors on the class path?)"
        : providers.stream().map(DetectorProvider::name).collect(Collectors.joining(", "));
    throw new BadModelFileException(file, "not a detector file any provider recognises; providers: "
        + names);
  }
}
