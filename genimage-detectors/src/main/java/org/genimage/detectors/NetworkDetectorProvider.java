package org.genimage.detectors;

import java.nio.file.Path;
import org.genimage.api.Detector;
import org.genimage.api.DetectorProvider;
import org.genimage.api.LoadOptions;

/**
 * Lets {@code org.genimage.api.Detectors.load(path)} open genimage detector files ({@link DetectorFile}).
 * Registered in {@code META-INF/services/org.genimage.api.DetectorProvider}. Thread-safe.
 */
public final class NetworkDetectorProvider implements DetectorProvider {
  /** Used by {@code ServiceLoader}. */
  public NetworkDetectorProvider() {}

  @Override
  public String name() {
    return "genimage-samediff";
  }

  @Override
  public boolean canLoad(Path file) {
    return DetectorFile.isDetectorFile(file);
  }

  @Override
  public Detector load(Path file) {
    return DetectorFile.load(file, InferenceOptions.defaults());
  }

  /**
   * Loads with the options' engine ({@code auto}, {@code onednn}, {@code samediff}; {@code auto} means the
   * system property {@code genimage.detectors.engine}, else {@link InferenceEngine#AUTO}), batch size (0: 8),
   * threads per call and precision (on the oneDNN plan; SameDiff runs fp32).
   */
  @Override
  public Detector load(Path file, LoadOptions options) {
    InferenceOptions o = InferenceOptions.defaults();
    if (!options.engine().equals(LoadOptions.AUTO_ENGINE)) {
      o = o.withEngine(InferenceEngine.parse("options.engine", options.engine()));
    }
    if (options.batchSize() > 0) {
      o = o.withBatchSize(options.batchSize());
    }
    return DetectorFile.load(file, o.withThreads(options.threads()).withPrecision(options.precision()));
  }
}
