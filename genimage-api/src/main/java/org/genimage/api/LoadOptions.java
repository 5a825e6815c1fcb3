package org.genimage.api;

import java.nio.file.Path;
import java.util.Locale;
import org.genimage.api.internal.Checks;

/**
 * How {@link Detectors#load(Path, LoadOptions)} sets a loaded detector up: which engine runs it, the batch size it
 * compiles for, how many native threads one call may use, and the arithmetic precision of its forward pass. The api names engines as text so it never imports
 * one; each {@link DetectorProvider} says which it knows and refuses others with a {@link BadArgumentException}.
 *
 * @param engine {@value #AUTO_ENGINE} (the provider's choice), or a name the provider knows (genimage-detectors:
 *     {@code onednn}, {@code samediff}); lower case
 * @param batchSize the batch the detector is compiled for, or 0 for the provider's default
 * @param threads native threads one scoring call may use, or 0 for the runtime's default (all cores); with several
 *     predictors scoring at once, 1 per call lets each core run one call
 * @param precision the forward pass's arithmetic ({@link Precision#FP32} by default); a provider that cannot run
 *     the precision asked for on this machine runs fp32 and says so in its engine description
 */
public record LoadOptions(String engine, int batchSize, int threads, Precision precision) {
  /** The engine name that leaves the choice to the provider. */
  public static final String AUTO_ENGINE = "auto";

  /**
   * Validates the components and lower-cases the engine name.
   *
   * @throws BadArgumentException for a blank engine or a negative size
   */
  public LoadOptions {
    engine = Checks.notBlank("engine", engine).toLowerCase(Locale.ROOT);
    Checks.inRange("batchSize", batchSize, 0, 4096);
    Checks.inRange("threads", threads, 0, 1024);
    Checks.notNull("precision", precision);
  }

  /**
   * Options in fp32.
   *
   * @param engine    the engine's name, or {@value #AUTO_ENGINE}
   * @param batchSize the batch size, or 0 for the provider's default
   * @param threads   native threads per call, or 0 for the runtime's default
   */
  public LoadOptions(String engine, int batchSize, int threads) {
    this(engine, batchSize, threads, Precision.FP32);
  }

  /**
   * The provider's defaults: its engine choice, its batch size, the runtime's threads, fp32.
   *
   * @return the default options
   */
  public static LoadOptions defaults() {
    return new LoadOptions(AUTO_ENGINE, 0, 0);
  }

  /**
   * These options with another engine.
   *
   * @param name the engine's name
   * @return the new options
   */
  public LoadOptions withEngine(String name) {
    return new LoadOptions(name, batchSize, threads, precision);
  }

  /**
   * These options with another batch size.
   *
   * @param size the batch size, or 0 for the provider's default
   * @return the new options
   */
  public LoadOptions withBatchSize(int size) {
    return new LoadOptions(engine, size, threads, precision);
  }

  /**
   * These options with another thread count per call.
   *
   * @param count native threads per call, or 0 for the runtime's default
   * @return the new options
   */
  public LoadOptions withThreads(int count) {
    return new LoadOptions(engine, batchSize, count, precision);
  }

  /**
   * These options with another precision.
   *
   * @param p the forward pass's arithmetic
   * @return the new options
   */
  public LoadOptions withPrecision(Precision p) {
    return new LoadOptions(engine, batchSize, threads, p);
  }
}
