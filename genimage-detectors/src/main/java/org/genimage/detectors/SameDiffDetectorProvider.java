package org.genimage.detectors;

import java.nio.file.Path;
import org.genimage.api.Detector;
import org.genimage.api.DetectorProvider;

/**
 * Lets {@code org.genimage.api.Detectors.load(path)} open genimage detector files ({@link DetectorFile}).
 * Registered in {@code META-INF/services/org.genimage.api.DetectorProvider}. Thread-safe.
 */
public final class SameDiffDetectorProvider implements DetectorProvider {
  /** Used by {@code ServiceLoader}. */
  public SameDiffDetectorProvider() {}

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
}
