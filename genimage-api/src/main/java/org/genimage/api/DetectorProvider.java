package org.genimage.api;

import java.nio.file.Path;
import org.genimage.api.internal.Checks;

/**
 * A service that loads saved detectors of some format. Implementations register themselves in
 * {@code META-INF/services/org.genimage.api.DetectorProvider}; {@link Detectors#load(Path)} asks every
 * registered provider, highest {@link #rank()} first, so the api never imports an engine.
 */
public interface DetectorProvider {
  /**
   * A name for messages ({@code "dl4j"}).
   *
   * @return the provider's name
   */
  String name();

  /**
   * The priority among providers that can load the same file; higher wins.
   *
   * @return the rank
   */
  default int rank() {
    return 0;
  }

  /**
   * Whether this provider recognises the file, judged cheaply (a magic number), without loading it.
   *
   * @param file the file
   * @return true if {@link #load(Path)} should be tried
   */
  boolean canLoad(Path file);

  /**
   * Loads the detector.
   *
   * @param file the file
   * @return the detector; the caller closes it
   * @throws BadModelFileException naming the file and what is wrong
   */
  Detector load(Path file);

  /**
   * Loads the detector set up as {@code options} ask. The default honours only
   * {@link LoadOptions#defaults()} and refuses anything else; providers with engines override it.
   *
   * @param file the file
   * @param options engine, batch size, threads
   * @return the detector; the caller closes it
   * @throws BadModelFileException naming the file and what is wrong
   * @throws BadArgumentException if this provider cannot honour the options
   */
  default Detector load(Path file, LoadOptions options) {
    if (!Checks.notNull("options", options).equals(LoadOptions.defaults())) {
      throw new BadArgumentException("options", options, "the defaults: provider " + name()
          + " has no load options");
    }
    return load(file);
  }
}
